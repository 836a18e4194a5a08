import { decodeOfficeEvent, type Office, type OfficeEvent, type OfficeHolderAppointedData } from '#events';
import type { Decider } from '../decider.js';
import type { AppointOfficeHolder, OfficeCommand } from './office.commands.js';

/** Every appointment in log order: a handful a year, so a list is the whole state. */
export type OfficeHolders = readonly OfficeHolderAppointedData[];

export function evolveOfficeHolders(state: OfficeHolders, event: OfficeEvent): OfficeHolders {
  switch (event.type) {
    case 'OfficeHolderAppointed':
      return [...state, event.data];
  }
}

/**
 * Who held `office` on `date` (YYYY-MM-DD): the appointment with the latest `from` on or before it;
 * of two from the same day, the one recorded later (a correction). Null when none is recorded yet.
 */
export function holderOn(
  state: OfficeHolders,
  office: Office,
  date: string,
): OfficeHolderAppointedData | null {
  let found: OfficeHolderAppointedData | null = null;
  for (const h of state)
    if (h.office === office && h.from <= date && (!found || h.from >= found.from)) found = h;
  return found;
}

export function appointOfficeHolder(command: AppointOfficeHolder, state: OfficeHolders): OfficeEvent[] {
  const { office, name, title, from } = command.data;
  const current = holderOn(state, office, from);
  // A retried or repeated appointment changes nothing, so it records nothing.
  if (current && current.from === from && current.name === name && current.title === title) return [];
  return [{ type: 'OfficeHolderAppointed', data: { office, name, title, from } }];
}

export function decideOfficeHolders(command: OfficeCommand, state: OfficeHolders): OfficeEvent[] {
  switch (command.type) {
    case 'AppointOfficeHolder':
      return appointOfficeHolder(command, state);
  }
}

// Deciding needs neither the clock nor randomness: the appointment carries its own date.
export const officeHoldersDecider: Decider<OfficeCommand, OfficeEvent, OfficeHolders, unknown> = {
  decode: decodeOfficeEvent,
  initialState: () => [],
  evolve: evolveOfficeHolders,
  decide: decideOfficeHolders,
};
