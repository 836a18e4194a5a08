/** RFC 9457 problem details, the only error shape this API answers with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  /** `code`, where given, names the rule that refused this item (the CSV import's rows). */
  errors?: { path: string; message: string; code?: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
};

/** A 50,000-row import can have 50,000 bad rows; the answer names the first ones and counts the rest. */
const MAX_LISTED_ERRORS = 1000;

export function problem(
  status: number,
  detail: string,
  extra: { code?: string; errors?: { path: string; message: string; code?: string }[] } = {},
): ProblemDetails {
  const code = extra.code;
  const all = extra.errors ?? [];
  const errors =
    all.length > MAX_LISTED_ERRORS
      ? [
          ...all.slice(0, MAX_LISTED_ERRORS),
          { path: '…', message: `${all.length - MAX_LISTED_ERRORS} more errors not listed` },
        ]
      : all;
  return {
    type: code ? `https://onemind.example/problems/${code}` : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(code ? { code } : {}),
    ...(errors.length ? { errors } : {}),
  };
}

/** Thrown anywhere in the app to answer with a specific problem. */
export class ProblemException extends Error {
  constructor(
    readonly problem: ProblemDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
  }
}

/** What sendProblem needs of a response: Fastify's reply (and anything shaped like it). */
interface ProblemReply {
  status(n: number): ProblemReply;
  header(k: string, v: string): unknown;
  send(b: string): unknown;
  readonly sent?: boolean;
}

export function sendProblem(res: ProblemReply, p: ProblemDetails, headers: Record<string, string> = {}) {
  if (res.sent) return;
  for (const k in headers) res.header(k, headers[k]);
  res.header('Content-Type', 'application/problem+json; charset=utf-8');
  res.status(p.status).send(JSON.stringify(p));
}
