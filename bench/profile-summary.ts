/**
 * `node dist/bench/profile-summary.js <file.cpuprofile> [requests]`: where a profiled process spent
 * its CPU, by bucket — each npm package, each of our libs/apps folders, Node's own modules, GC —
 * from the profile's self time. With the number of requests it served, also µs per request.
 * (Issue 15: "show, with a profile, exactly where the remaining CPU goes".)
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The bucket a function's self time is charged to. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return '(program: native, not attributed)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm: ${pkg[1]}`;
  const ours = /\/(?:dist\/)?((?:apps|libs)\/[^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return ours[2] && !ours[2].endsWith('.js') ? `${ours[1]}/${ours[2]}` : ours[1];
  return url;
}

export function summarize(profile: Profile): { bucket: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const bucket = bucketOf(node.callFrame.url, node.callFrame.functionName);
    totals.set(bucket, (totals.get(bucket) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([bucket, ms]) => ({ bucket, ms })).sort((a, b) => b.ms - a.ms);
}

if (process.argv[1]?.endsWith('profile-summary.js')) {
  const [file, requests] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/profile-summary.js <file.cpuprofile> [requests]');
    process.exit(2);
  }
  const rows = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = rows.filter((r) => r.bucket !== '(idle)').reduce((n, r) => n + r.ms, 0);
  const n = requests ? Number(requests) : 0;
  console.log(
    `busy ${busy.toFixed(0)} ms${n ? `, ${((1000 * busy) / n).toFixed(0)} µs per request (${n})` : ''}`,
  );
  console.log('| bucket | ms | share of busy |' + (n ? ' µs/request |' : ''));
  console.log('|---|---|---|' + (n ? '---|' : ''));
  for (const r of rows.filter((x) => x.bucket !== '(idle)' && x.ms / busy >= 0.005))
    console.log(
      `| ${r.bucket} | ${r.ms.toFixed(0)} | ${((100 * r.ms) / busy).toFixed(1)} % |` +
        (n ? ` ${((1000 * r.ms) / n).toFixed(1)} |` : ''),
    );
}
