/**
 * Who signs the documents of a certification. IACP's president changes every year, so the name is
 * configuration, never code: `IACP_PRESIDENT_NAME`, `IACP_PRESIDENT_TITLE`.
 */
export interface DocumentsConfig {
  presidentName: string;
  presidentTitle: string;
}

export function loadDocumentsConfig(env: NodeJS.ProcessEnv = process.env): DocumentsConfig {
  return {
    presidentName: env.IACP_PRESIDENT_NAME?.trim() || 'The President of the IACP',
    presidentTitle: env.IACP_PRESIDENT_TITLE?.trim() || 'President, International Association of Chiefs of Police',
  };
}
