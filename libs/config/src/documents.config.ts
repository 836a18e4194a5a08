/**
 * What the documents of a certification print besides the log's facts. Who signs is dated data
 * (the office-holders stream, DOMAIN.md "Who signs"); `presidentName`/`presidentTitle` are only the
 * neutral stand-in for a date before any recorded appointment. The images are file paths (PNG or
 * JPEG, checked at start-up); unset, the documents draw a neutral built-in emblem instead.
 */
export interface DocumentsConfig {
  presidentName: string;
  presidentTitle: string;
  /** The signature of the President in office today: printed only on documents that one signs. */
  signatureImage?: string;
  sealImage?: string;
  campaignMarkImage?: string;
}
