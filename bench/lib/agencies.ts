import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { rng } from './rng.js';

export const TEXAS_2018 = fileURLToPath(
  new URL('../../../test-data/public/fbi_ucr_police_employees_texas_2018.csv', import.meta.url),
);
/** FiveThirtyEight's largest force: New York, 32,300 sworn officers. */
export const LARGEST_AGENCY_OFFICERS = 32_300;

export interface AgencyTemplate {
  ori: string;
  name: string;
  type: string;
  officers: number;
}

/** Texas 2018 agencies with a reported sworn count (blank counts skipped, duplicate ORIs dropped). */
export function texasAgencies(file = TEXAS_2018): AgencyTemplate[] {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const seen = new Set<string>();
  const out: AgencyTemplate[] = [];
  for (const r of rows) {
    if (!r.ori || seen.has(r.ori)) continue;
    if (r.officer_ct === undefined || r.officer_ct.trim() === '') continue;
    const officers = Number(r.officer_ct);
    if (!Number.isInteger(officers) || officers < 0) continue;
    seen.add(r.ori);
    out.push({
      ori: r.ori,
      name: r.pub_agency_name || r.ori,
      type: r.agency_type_name || 'Unknown',
      officers,
    });
  }
  return out;
}

export interface BenchAgency extends AgencyTemplate {
  agencyId: string;
  rep: number;
}

/**
 * The real agencies repeated (`<ORI>-r<k>`) in an order shuffled with the seed, as many as asked.
 * Repetition scales the field up while keeping the real size distribution.
 */
export function scaledAgencies(count: number, seed: number, templates = texasAgencies()): BenchAgency[] {
  const r = rng(seed);
  const out: BenchAgency[] = [];
  for (let rep = 0; out.length < count; rep++) {
    const order = templates.map((t) => ({ t, k: r() })).sort((a, b) => a.k - b.k);
    for (const { t } of order) {
      if (out.length >= count) break;
      out.push({ ...t, agencyId: `${t.ori}-r${rep}`, rep });
    }
  }
  return out;
}
