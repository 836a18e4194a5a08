import type { OfficeHolderAppointedData } from '#events';
import { appointOfficeHolder, evolveOfficeHolders, holderOn, type OfficeHolders } from './office-holders.js';

const appointed = (name: string, from: string): OfficeHolderAppointedData => ({
  office: 'iacp-president',
  name,
  title: 'President, International Association of Chiefs of Police',
  from,
});
const fold = (...records: OfficeHolderAppointedData[]): OfficeHolders =>
  records.reduce<OfficeHolders>(
    (s, data) => evolveOfficeHolders(s, { type: 'OfficeHolderAppointed', data }),
    [],
  );

describe('office holders (DOMAIN.md "Who signs")', () => {
  // Recorded out of order on purpose: the dates decide, not the order of recording.
  const state = fold(appointed('Chief B (2023)', '2023-10-17'), appointed('Chief A (2022)', '2022-10-18'));

  it('the holder on a date is the latest appointment from on or before it', () => {
    expect(holderOn(state, 'iacp-president', '2022-10-17')).toBeNull();
    expect(holderOn(state, 'iacp-president', '2022-10-18')?.name).toBe('Chief A (2022)');
    expect(holderOn(state, 'iacp-president', '2023-10-16')?.name).toBe('Chief A (2022)');
    expect(holderOn(state, 'iacp-president', '2023-10-17')?.name).toBe('Chief B (2023)');
    expect(holderOn(state, 'iacp-president', '2030-01-01')?.name).toBe('Chief B (2023)');
  });

  it('a second appointment from the same day corrects the first (the later record wins)', () => {
    const corrected = fold(appointed('Chief Typo', '2024-10-01'), appointed('Chief Right', '2024-10-01'));
    expect(holderOn(corrected, 'iacp-president', '2024-12-01')?.name).toBe('Chief Right');
  });

  it('appointing records the event; repeating a recorded appointment records nothing', () => {
    const command = { type: 'AppointOfficeHolder' as const, data: appointed('Chief A (2022)', '2022-10-18') };
    expect(appointOfficeHolder(command, [])).toEqual([{ type: 'OfficeHolderAppointed', data: command.data }]);
    expect(appointOfficeHolder(command, state)).toEqual([]);
    const retitled = { ...command, data: { ...command.data, title: 'President' } };
    expect(appointOfficeHolder(retitled, state)).toHaveLength(1);
  });
});
