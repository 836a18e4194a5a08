/**
 * `node dist/bench/spread-cost.js`: what an object spread followed by more keys costs on this Node,
 * against an object literal with the same keys (issue 14: such spreads, once per event, were the
 * regression of P3 and a quarter of a second of P2). Prints CPU ms per 300,000 objects.
 */
const N = 300_000;
const bodies = Array.from({ length: N }, (_, i) => ({
  position: BigInt(i + 1),
  streamId: `agency-x${i % 50}`,
  revision: BigInt(i),
  type: i % 2 ? 'OfficerJoined' : 'OfficerTrained',
  data: { officerRef: `r${i}`, sworn: true },
}));
type Body = (typeof bodies)[number];
const meta = { actor: { sub: 's', role: 'agency' }, commandId: 'c', correlationId: 'c', causationId: 'c' };

const cases: [string, (e: Body) => unknown][] = [
  [
    'spread of a fresh { type, data } + 3 keys (the runner before)',
    (e) => {
      const event = { type: e.type, data: e.data };
      return { ...event, streamId: e.streamId, revision: e.revision, position: e.position };
    },
  ],
  [
    'the same keys as one literal (the runner now)',
    (e) => ({ type: e.type, data: e.data, streamId: e.streamId, revision: e.revision, position: e.position }),
  ],
  [
    'metadata: { ...meta, recordedAt, schemaVersion } (the command path before)',
    () => ({ ...meta, recordedAt: 'now', schemaVersion: 1 }),
  ],
  [
    'metadata as one literal',
    () => ({
      actor: meta.actor,
      commandId: meta.commandId,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      recordedAt: 'now',
      schemaVersion: 1,
    }),
  ],
];

for (let pass = 0; pass < 2; pass++) {
  for (const [name, make] of cases) {
    const c0 = process.cpuUsage();
    let kept: unknown[] = [];
    for (let k = 0; k < 3; k++) kept = bodies.map(make);
    const c = process.cpuUsage(c0);
    if (pass === 1)
      console.log(`${((c.user + c.system) / 3000).toFixed(0).padStart(6)} ms  ${name} (${kept.length})`);
  }
}
