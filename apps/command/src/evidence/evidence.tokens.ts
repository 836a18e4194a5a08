/** The evidence document store (the #documents port; the local-folder adapter by default). */
export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');
