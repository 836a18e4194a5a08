/** One entry of bench/results/latest.json, keyed by target id (PERFORMANCE.md, "Result file"). */
export interface TargetResult {
  value?: number;
  unit?: string;
  baseline?: number;
  baselineName?: string;
  ratio?: number;
  target: string;
  runs: number[];
  min?: number;
  max?: number;
  met?: boolean;
  status?: 'measured' | 'not-measured' | 'failed';
  reason?: string;
  /** What was measured exactly (scale, method, secondary figures). */
  details?: Record<string, unknown>;
}

export interface BenchContext {
  quick: boolean;
  seed: number;
  log: (msg: string) => void;
  /** Shared between targets: a data folder holding the largest agency (made by P2). */
  shared: Record<string, unknown>;
}

export function notMeasured(target: string, reason: string, details?: Record<string, unknown>): TargetResult {
  return { status: 'not-measured', reason, target, runs: [], ...(details ? { details } : {}) };
}
