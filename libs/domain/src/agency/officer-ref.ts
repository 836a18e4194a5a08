/**
 * An officer is known only by an agency-chosen pseudonymous reference (DOMAIN.md): never a name or a
 * plain badge number. The API checks it, and `onemind pseudonymize` must produce references it accepts.
 */
export const OFFICER_REF = /^[A-Za-z0-9._:-]{1,64}$/;
