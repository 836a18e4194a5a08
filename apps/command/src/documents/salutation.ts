/**
 * Ranks a letter is addressed by, longest first so "Deputy Chief" wins over "Chief". A title that
 * names none of them ("Director of Public Safety" does: Director) gets the full name instead.
 */
const RANKS = [
  'Deputy Chief',
  'Assistant Chief',
  'Lieutenant Colonel',
  'Chief',
  'Undersheriff',
  'Sheriff',
  'Commissioner',
  'Superintendent',
  'Director',
  'Colonel',
  'Major',
  'Captain',
  'Lieutenant',
  'Commander',
  'Marshal',
  'Constable',
  'Mayor',
];
const SUFFIX = /^(?:jr|sr|ii|iii|iv|phd|esq)\.?$/i;

/**
 * "Dear Chief Ott," from `{ name: "Shawn Ott", title: "Chief of Police" }`: the rank the title
 * names and the surname (the last word of the name, not a suffix such as "Jr."). The pledge stores
 * the signatory's name and title as typed (API.md `signatory: { name, title }`), so this is a guess
 * that falls back to "Dear <full name>," whenever the title names no known rank.
 */
export function salutation(person: { name: string; title: string }): string {
  const words = person.name.trim().split(/\s+/).filter(Boolean);
  while (words.length > 1 && SUFFIX.test(words[words.length - 1])) words.pop();
  const surname = words[words.length - 1];
  const title = ` ${person.title.replace(/[^\p{L}\s]/gu, ' ').replace(/\s+/g, ' ')} `.toLowerCase();
  const rank = RANKS.find((r) => title.includes(` ${r.toLowerCase()} `));
  return rank && surname ? `Dear ${rank} ${surname},` : `Dear ${person.name.trim()},`;
}
