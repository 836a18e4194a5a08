import {
  decodeAgencyEvent,
  decodeCampaignEvent,
  decodeEvent,
  decodeOfficeEvent,
  decodeProgramEvent,
} from './decode.js';
import { UnknownEventTypeError } from './upcast.js';

describe('decodeEvent: the one step from stored data to a typed event', () => {
  const pledge = { type: 'PledgeTaken', schemaVersion: 1, data: { agencyId: 'tx-a' } };
  const proposal = { type: 'TrainingProgramProposed', schemaVersion: 1, data: { programId: 'x' } };

  it('keeps the type and the data at the current schema version', () => {
    expect(decodeEvent(pledge)).toEqual({ type: 'PledgeTaken', data: { agencyId: 'tx-a' } });
  });

  it('refuses a type the registry does not know, including prototype names', () => {
    for (const type of ['Nope', 'constructor', '__proto__', 'toString']) {
      expect(() => decodeEvent({ type, schemaVersion: 1, data: {} })).toThrow(UnknownEventTypeError);
    }
  });

  it('refuses an event of the wrong stream kind', () => {
    expect(decodeAgencyEvent(pledge).type).toBe('PledgeTaken');
    expect(decodeProgramEvent(proposal).type).toBe('TrainingProgramProposed');
    expect(() => decodeAgencyEvent(proposal)).toThrow(/not an agency event/);
    expect(() => decodeProgramEvent(pledge)).toThrow(/not a training-programme event/);
    const appointment = {
      type: 'OfficeHolderAppointed',
      schemaVersion: 1,
      data: { office: 'iacp-president' },
    };
    expect(decodeOfficeEvent(appointment).type).toBe('OfficeHolderAppointed');
    expect(() => decodeAgencyEvent(appointment)).toThrow(/not an agency event/);
    expect(() => decodeOfficeEvent(pledge)).toThrow(/not an office event/);
    const publication = { type: 'RuleSetPublished', schemaVersion: 1, data: { campaignId: 'x' } };
    expect(decodeCampaignEvent(publication).type).toBe('RuleSetPublished');
    expect(() => decodeAgencyEvent(publication)).toThrow(/not an agency event/);
    expect(() => decodeCampaignEvent(appointment)).toThrow(/not a campaign event/);
  });
});
