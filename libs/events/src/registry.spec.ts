import { AGENCY_SCHEMA_VERSIONS } from './agency.events.js';
import { PROGRAM_SCHEMA_VERSIONS } from './program.events.js';
import { CURRENT_SCHEMA_VERSIONS, EVENT_TYPES } from './registry.js';

describe('the registry gathers the versions each events file declares', () => {
  it('names every type of both files, each declared by one file only (a spread would hide a clash)', () => {
    const agency = Object.keys(AGENCY_SCHEMA_VERSIONS);
    const program = Object.keys(PROGRAM_SCHEMA_VERSIONS);
    expect(agency.filter((t) => program.includes(t))).toEqual([]);
    expect([...EVENT_TYPES].sort()).toEqual([...agency, ...program].sort());
    expect(CURRENT_SCHEMA_VERSIONS).toEqual({ ...AGENCY_SCHEMA_VERSIONS, ...PROGRAM_SCHEMA_VERSIONS });
  });
});
