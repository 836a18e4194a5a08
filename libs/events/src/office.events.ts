/**
 * Who held an office, as dated data (DOMAIN.md "Who signs"): one stream for the whole engine. The
 * President changes every year, so a document regenerated years later must name the holder on its
 * approval date, not today's; configuration cannot say that, the log can.
 */
export const OFFICES = ['iacp-president'] as const;
export type Office = (typeof OFFICES)[number];

export interface OfficeHolderAppointedData {
  office: Office;
  name: string;
  /** As printed under the name, e.g. "President, International Association of Chiefs of Police". */
  title: string;
  /** The first calendar day in office (YYYY-MM-DD); the holder serves until the next one's `from`. */
  from: string;
}
export interface OfficeEventMap {
  OfficeHolderAppointed: OfficeHolderAppointedData;
}
export type OfficeEventType = keyof OfficeEventMap;
export type OfficeEvent = {
  [K in OfficeEventType]: { type: K; data: OfficeEventMap[K] };
}[OfficeEventType];

/** The current schema version of each office event type (see AGENCY_SCHEMA_VERSIONS). */
export const OFFICE_SCHEMA_VERSIONS: Readonly<Record<OfficeEventType, number>> = {
  OfficeHolderAppointed: 1,
};
