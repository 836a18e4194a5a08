import type { OfficeHolderAppointedData } from '#events';

/**
 * Commands on the office-holders stream (`office-holders`, one for the engine). No error codes of
 * its own: a repeat of a recorded appointment decides nothing, and a second holder from the same
 * day is a correction (the later record wins, see holderOn).
 */
export interface AppointOfficeHolder {
  type: 'AppointOfficeHolder';
  data: OfficeHolderAppointedData;
}
export type OfficeCommand = AppointOfficeHolder;
