/**
 * Rewrites the block between `<!-- bench:latest -->` and `<!-- /bench:latest -->` in
 * docs/benchmarks.md and README.md from bench/results/latest.json (run.ts calls it after a run; also
 * `node dist/bench/report.js`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib/app.js';
import type { TargetResult } from './lib/result.js';

const ORDER = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11'];

function verdict(r: TargetResult): string {
  if (r.status === 'not-measured') return `not measured: ${r.reason}`;
  if (r.status === 'failed') return `failed: ${r.reason}`;
  return r.met ? 'met' : '**missed**';
}

export function renderLatest(file = join(ROOT, 'bench/results/latest.json')): string {
  const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  const lines = [
    `Latest run: ${j.date}, ${j.quick ? '**quick** mode' : 'full mode'}, seed ${j.seed}, machine: ${j.machine.cpus} CPUs (\`nproc\`), ${j.machine.memGiB} GiB memory, ${j.durationSeconds} s${j.loadAverage ? `, load average (1/5/15 min) ${j.loadAverage.start.join('/')} at the start and ${j.loadAverage.end.join('/')} at the end` : ''}.`,
    '',
    '| target | median | min – max | baseline | ratio | target | verdict | notes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const id of ORDER) {
    const r = j[id] as TargetResult | undefined;
    if (!r) continue;
    const d = (r.details ?? {}) as Record<string, any>;
    const notes: string[] = [];
    if (id === 'P1' && d.p99Ms !== undefined)
      notes.push(`p99 ${d.p99Ms} ms (runs ${d.p99MsRuns?.join(', ')})`);
    if (id === 'P1' && d.floor)
      notes.push(
        `floor server p99 ${d.floor.p99Ms} ms, CPU ${d.floor.perRun?.map((r: any) => r.cpuUsPerCommand).join(', ')} µs/command`,
      );
    if (id === 'P1' && d.engineWithoutHttp)
      notes.push(
        `without HTTP (same mix, in-process): ${d.engineWithoutHttp.value} commands/s = ${d.engineWithoutHttp.ratioToFloor ?? d.engineWithoutHttp.ratio} ×`,
      );
    if (id === 'P1' && d.rawOneEventTx) notes.push(`raw one-event FULL tx ${d.rawOneEventTx.value}/s`);
    if (
      id === 'P1' &&
      Array.isArray(d.perRun) &&
      d.perRun.every((r: any) => typeof r.cpuUsPerCommand === 'number')
    ) {
      notes.push(`app CPU ${d.perRun.map((r: any) => r.cpuUsPerCommand).join(', ')} µs/command`);
    }
    if (id === 'P3')
      notes.push(
        `${d.events} events${d.scaledDown ? ' (quick: scaled down)' : ''}, peak RSS ${d.peakRssMiB} MiB`,
      );
    if (id === 'P4' && d.coldFirstCommandMs !== undefined)
      notes.push(
        `first command after start ${d.coldFirstCommandMs} ms${d.warmUp ? ` (after the start-up fold of the largest agencies, ${d.warmUp.ms} ms)` : ''}`,
      );
    if (id === 'P5' && d.firstRequestMs !== undefined)
      notes.push(
        `first request after start ${d.firstRequestMs} ms${d.warmUp ? ` (after the start-up fold, ${d.warmUp.ms} ms)` : ''}`,
      );
    if (id === 'P6' && d.redisMemoryMB !== undefined)
      notes.push(
        `${d.agencies} agencies, ${d.jobs} jobs, Redis +${d.redisMemoryMB} MB${d.scaledDown ? '; quick: scaled down, 18,000 extrapolated ' + d.extrapolatedTo18000?.seconds + ' s / ' + d.extrapolatedTo18000?.redisMemoryMB + ' MB' : ''}`,
      );
    if (id === 'P8' && d.commandAppAloneReadySeconds !== undefined)
      notes.push(`command app alone ${d.commandAppAloneReadySeconds} s`);
    if (id === 'P9' && d.p99Ms !== undefined)
      notes.push(
        `p99 ${d.p99Ms} ms (runs ${d.p99MsRuns?.join(', ')}); raw pg p99 ${d.raw?.p99Ms} ms; the same app on SQLite ${d.onSqlite?.value} commands/s (PostgreSQL ÷ SQLite ${d.onSqlite?.postgresToSqlite} ×)`,
      );
    if (id === 'P11' && d.logCheck)
      notes.push(
        `one instance p99 ${d.one?.p99Ms} ms, two ${d.p99Ms} ms; log check ${d.logCheck.clean ? 'clean' : '**failed**'} (${d.logCheck.pledgesAppended} pledges, ${d.logCheck.officersAppended} officers appended as acknowledged)`,
      );
    const measured = r.status !== 'not-measured' && r.status !== 'failed';
    lines.push(
      `| ${id} | ${measured ? `${r.value} ${r.unit}` : '–'} | ${measured ? `${r.min} – ${r.max}` : ''} | ${r.baseline ?? ''} | ${r.ratio !== undefined ? `${r.ratio} ×` : ''} | ${r.target} | ${verdict(r)} | ${notes.join('; ')} |`,
    );
  }
  return lines.join('\n');
}

/** Rewrites the table in docs/benchmarks.md and README.md (each that has the block). */
export function updateDocs(docs = [join(ROOT, 'docs/benchmarks.md'), join(ROOT, 'README.md')]): boolean {
  const re = /<!-- bench:latest -->[\s\S]*?<!-- \/bench:latest -->/;
  let updated = false;
  for (const doc of docs) {
    if (!existsSync(doc)) continue;
    const text = readFileSync(doc, 'utf8');
    if (!re.test(text)) continue;
    writeFileSync(doc, text.replace(re, `<!-- bench:latest -->\n${renderLatest()}\n<!-- /bench:latest -->`));
    updated = true;
  }
  return updated;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(
    updateDocs()
      ? 'docs/benchmarks.md and README.md updated'
      : 'no bench:latest block in docs/benchmarks.md or README.md',
  );
