/**
 * Who signs the documents of a certification. IACP's president changes every year, so the name is
 * configuration, never code: `IACP_PRESIDENT_NAME`, `IACP_PRESIDENT_TITLE` (read by loadConfig).
 */
export interface DocumentsConfig {
  presidentName: string;
  presidentTitle: string;
}
