import { AGENCY_SCHEMA_VERSIONS } from './agency.events.js';
import { CAMPAIGN_SCHEMA_VERSIONS } from './campaign.events.js';
import { OFFICE_SCHEMA_VERSIONS } from './office.events.js';
import { PROGRAM_SCHEMA_VERSIONS } from './program.events.js';
import { CURRENT_SCHEMA_VERSIONS, EVENT_TYPES } from './registry.js';

describe('the registry gathers the versions each events file declares', () => {
  it('names every type of every file, each declared by one file only (a spread would hide a clash)', () => {
    const files = [
      AGENCY_SCHEMA_VERSIONS,
      PROGRAM_SCHEMA_VERSIONS,
      OFFICE_SCHEMA_VERSIONS,
      CAMPAIGN_SCHEMA_VERSIONS,
    ].map(Object.keys);
    const all = files.flat();
    expect(all.filter((t, i) => all.indexOf(t) !== i)).toEqual([]);
    expect([...EVENT_TYPES].sort()).toEqual([...all].sort());
    expect(CURRENT_SCHEMA_VERSIONS).toEqual({
      ...AGENCY_SCHEMA_VERSIONS,
      ...PROGRAM_SCHEMA_VERSIONS,
      ...OFFICE_SCHEMA_VERSIONS,
      ...CAMPAIGN_SCHEMA_VERSIONS,
    });
  });
});
