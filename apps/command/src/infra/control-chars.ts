/**
 * C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F). They are refused in every text a
 * client sends (G8): a NUL or ESC in an agency name broke the public Atom feed for every
 * subscriber, and whatever is stored is in the log forever.
 */
const CONTROL = /\p{Cc}/u; // Unicode's Cc category is exactly these two ranges
/** The same, minus the whitespace a multi-line text (a note, a reason) legitimately holds. */
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;

export function hasControlChars(text: string, allowLineBreaks = false): boolean {
  return (allowLineBreaks ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(text);
}

const CONTROL_ALL = /\p{Cc}/gu;
/** Not a character in XML 1.0 (not even as `&#xFFFE;`): lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML = /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * For output of text that may predate the rule (old events stay in the log as written): control
 * characters become spaces, so no single-line field of a document, feed or CSV breaks.
 */
export function withoutControlChars(text: string): string {
  return text.replace(CONTROL_ALL, ' ');
}

/** Text content or attribute value for an XML document: escaped, and never a character XML forbids. */
export function xmlText(text: string): string {
  return withoutControlChars(text)
    .replace(NOT_XML, '\ufffd')
    .replace(/[<>&'"]/g, (c) => XML_ENTITIES.get(c)!);
}
const XML_ENTITIES = new Map([
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['&', '&amp;'],
  ["'", '&apos;'],
  ['"', '&quot;'],
]);
