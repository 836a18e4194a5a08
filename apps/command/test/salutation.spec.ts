import { salutation } from '../src/documents/salutation.js';

describe('the letter is addressed by title (issue 17: "Dear Chief Ott,")', () => {
  it.each([
    [{ name: 'Shawn Ott', title: 'Chief of Police' }, 'Dear Chief Ott,'],
    [{ name: 'Maria  Lopez', title: 'Sheriff' }, 'Dear Sheriff Lopez,'],
    [{ name: 'Dana Reyes Jr.', title: 'Interim Police Chief' }, 'Dear Chief Reyes,'],
    [{ name: 'Kim Park', title: 'Deputy Chief of Police' }, 'Dear Deputy Chief Park,'],
    [{ name: 'Lee Wong', title: 'Director of Public Safety' }, 'Dear Director Wong,'],
    [{ name: 'Ann Smith', title: 'Police Commissioner' }, 'Dear Commissioner Smith,'],
    // No rank the title names (or no title at all): the full name, never a guessed rank.
    [{ name: 'Robin Hale', title: 'Head of Agency' }, 'Dear Robin Hale,'],
    [{ name: 'Robin Hale', title: '' }, 'Dear Robin Hale,'],
    [{ name: 'Chiefton Smith', title: 'Administrator' }, 'Dear Chiefton Smith,'],
  ])('%j → %s', (person, expected) => {
    expect(salutation(person)).toBe(expected);
  });
});
