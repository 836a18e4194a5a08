/** Small statistics helpers: every figure is a median of runs, with min and max kept. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

export const round = (x: number, digits = 2): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
export const sig = (x: number): number =>
  Math.abs(x) >= 100 ? Math.round(x) : round(x, Math.abs(x) >= 1 ? 2 : 4);

export function spread(runs: number[]): { value: number; min: number; max: number } {
  return { value: sig(median(runs)), min: sig(Math.min(...runs)), max: sig(Math.max(...runs)) };
}
