/**
 * A parameterised statement of this adapter as plain SQL, each `$n` (an array of strings or
 * numbers, cast in the statement) written as an `ARRAY[...]` of quoted literals. Only a statement
 * without parameters can share a simple-protocol query string with others (`BEGIN; …; COMMIT`):
 * that is what saves the append path its extra round trips under the lock.
 *
 * null when a value holds a NUL byte, which no quoting can carry in a query string: the caller then
 * sends the statement with parameters, and the server refuses the value as it always did.
 */
export function inlineArrays(text: string, params: readonly (readonly (string | number)[])[]): string | null {
  for (const values of params)
    for (const v of values) if (typeof v === 'string' && v.includes('\u0000')) return null;
  return text.replace(
    /\$(\d+)\b/g,
    (_, n: string) => `ARRAY[${params[Number(n) - 1].map(literal).join(',')}]`,
  );
}

/** A quoted literal that reads the same whatever `standard_conforming_strings` says (E'' when it has backslashes). */
function literal(value: string | number): string {
  const s = String(value);
  const quoted = `'${s.replace(/'/g, "''")}'`;
  return s.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}
