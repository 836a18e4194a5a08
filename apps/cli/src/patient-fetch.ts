/**
 * A POST that waits when the server asks it to: 429 (the write budget), 503 (busy) and 507 (disk
 * full) with `Retry-After` are retried after that many seconds; a network error or a 5xx without it
 * after 1, 2, 4… s. Every wait comes out of one budget shared by the whole run (`WaitBudget`), so a
 * run never hangs: once the budget is spent, the answer that asked for the wait is returned as is.
 */
export class WaitBudget {
  private spentMs = 0;

  constructor(
    readonly totalMs: number,
    /** Told before each wait (the progress line shows it). */
    private readonly onWait: (seconds: number, why: string) => void = () => undefined,
  ) {}

  get spentSeconds(): number {
    return Math.round(this.spentMs / 1000);
  }

  /** Waits `ms` if the budget still holds it (false: it does not, nothing waited). */
  async wait(ms: number, why: string): Promise<boolean> {
    if (this.spentMs + ms > this.totalMs) return false;
    this.spentMs += ms;
    this.onWait(Math.ceil(ms / 1000), why);
    await new Promise((r) => setTimeout(r, ms));
    return true;
  }
}

export type PatientAnswer = {
  /**
   * An earlier attempt may have been acted on (it failed in the handler or on the wire, not in
   * front of it with 429): its writes may be what this answer reports as done before.
   */
  retriedAfterTrying: boolean;
} & (
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number | null; reason: string; body: unknown }
);

const WAIT_ON = new Set([429, 503, 507]);
const MAX_BACKOFF_ATTEMPTS = 5;

export async function patientPost(
  url: string,
  init: { headers: Record<string, string>; body: string },
  budget: WaitBudget,
): Promise<PatientAnswer> {
  let retriedAfterTrying = false;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', ...init });
    } catch (err) {
      const reason = `cannot reach ${new URL(url).origin}: ${(err as Error).message}`;
      if (attempt < MAX_BACKOFF_ATTEMPTS && (await budget.wait(backoffMs(attempt), reason))) {
        retriedAfterTrying = true;
        continue;
      }
      return { ok: false, status: null, reason, body: null, retriedAfterTrying };
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, status: res.status, body, retriedAfterTrying };
    const reason = describe(res, body);
    const retryAfter = retryAfterMs(res.headers.get('retry-after'));
    const waitMs =
      WAIT_ON.has(res.status) && retryAfter !== null
        ? retryAfter
        : res.status >= 500 && attempt < MAX_BACKOFF_ATTEMPTS
          ? backoffMs(attempt)
          : null;
    if (waitMs !== null && (await budget.wait(waitMs, reason))) {
      retriedAfterTrying ||= res.status !== 429;
      continue;
    }
    const gaveUp =
      waitMs !== null ? ` (gave up: waiting ${Math.ceil(waitMs / 1000)} s more would pass --max-wait)` : '';
    return { ok: false, status: res.status, reason: `${reason}${gaveUp}`, body, retriedAfterTrying };
  }
}

const backoffMs = (attempt: number) => 1000 * 2 ** (attempt - 1);

/** `Retry-After` as seconds or as an HTTP date (RFC 9110); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // IMF-fixdate only (`Tue, 01 Dec 2026 06:00:05 GMT`): Date.parse alone takes `-5` as a year.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** `429 rate-limited: at most 600 writes per minute…`: status, the problem's code and detail. */
function describe(res: Response, body: unknown): string {
  const p = (body ?? {}) as { code?: unknown; detail?: unknown };
  const code = typeof p.code === 'string' ? ` ${p.code}` : '';
  const detail = typeof p.detail === 'string' ? p.detail : res.statusText;
  return `${res.status}${code}: ${detail}`;
}
