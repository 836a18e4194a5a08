/** Stream naming is part of the stored format: changing it orphans every existing stream. */
export const AGENCY_STREAM_PREFIX = 'agency-';
export const PROGRAM_CATALOGUE_STREAM = 'training-programs';
export const OFFICE_HOLDERS_STREAM = 'office-holders';
export const CAMPAIGNS_STREAM = 'campaigns';

export const agencyStream = (agencyId: string): string => `${AGENCY_STREAM_PREFIX}${agencyId}`;

export function agencyIdOf(streamId: string): string | null {
  return streamId.startsWith(AGENCY_STREAM_PREFIX) ? streamId.slice(AGENCY_STREAM_PREFIX.length) : null;
}

/** `agencyId` is the identity provider's id: 3–64 characters of `[A-Za-z0-9._-]` (API.md). */
export const AGENCY_ID_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

/**
 * The unique claim an agency stream takes when it is created (API.md: two ids that differ only in
 * letter case may not both exist). Ids are ASCII by AGENCY_ID_PATTERN, so lower-casing is exact.
 */
/** A certificate number given by staff (a migrated certification), case-folded like agency ids. */
export const certificateNumberClaim = (number: string): string =>
  `certificate-number:${number.toLowerCase()}`;
export const agencyIdClaim = (agencyId: string): string => `agency-id:${agencyId.toLowerCase()}`;
