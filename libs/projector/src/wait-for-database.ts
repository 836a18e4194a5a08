import { logJson } from '#config';
import { isStoreUnavailable } from '#event-store';
import { isConnectionError } from '#read-models';

const RETRY_MS = 1_000;
/** Repeated while waiting, so a long outage still shows in the log now and then. */
const SAY_AGAIN_EVERY = 30;

/**
 * A projector started while PostgreSQL is away (a restart, a database started after the apps) waits
 * for it, saying so, instead of exiting into a restart loop: the step is tried again every second
 * while the failure is the database not answering; any other failure (fsync off: G10) is thrown.
 */
export async function whenDatabaseAnswers<T>(
  what: string,
  step: () => Promise<T>,
  /** Told once, when the first try finds the database away (health shows the wait). */
  onWait?: () => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await step();
      if (attempt > 0)
        logJson('info', { msg: `${what}: PostgreSQL answers again, starting`, attempts: attempt + 1 });
      return result;
    } catch (error) {
      if (!isStoreUnavailable(error) && !isConnectionError(error)) throw error;
      if (attempt === 0) onWait?.();
      if (attempt % SAY_AGAIN_EVERY === 0)
        logJson('warn', {
          msg: `${what}: waiting for PostgreSQL, retrying every ${RETRY_MS / 1000} s`,
          error: (error as Error).message,
        });
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
}
