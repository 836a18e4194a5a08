import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';

export class InvalidUtf8Error extends Error {
  constructor() {
    super('the body is not valid UTF-8');
  }
}

/** Whole bodies (JSON): one native pass, no string built. */
export function assertUtf8(buf: Buffer): void {
  if (!isUtf8(buf)) throw new InvalidUtf8Error();
}

/**
 * Streamed bodies (CSV): passes the bytes through unchanged and fails on the first invalid
 * sequence. Decoders replace bad bytes with U+FFFD, which would silently store other text (two
 * different badge numbers could become one officerRef); a fatal streaming decoder refuses instead,
 * and also catches a sequence cut off at the end of the body.
 */
export function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const check = (fn: () => void, done: (err?: Error | null) => void) => {
    try {
      fn();
      done();
    } catch {
      done(new InvalidUtf8Error());
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, next) {
      check(
        () => decoder.decode(chunk, { stream: true }),
        (err) => next(err, err ? undefined : chunk),
      );
    },
    flush(done) {
      check(() => decoder.decode(), done);
    },
  });
}
