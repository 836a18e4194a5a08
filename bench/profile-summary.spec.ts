import { bucketOf, summarize } from './profile-summary.js';

describe('profile summary buckets', () => {
  it('charges self time to packages, our folders, Node and GC', () => {
    expect(bucketOf('file:///w/node_modules/@nestjs/core/router/x.js', 'f')).toBe('npm: @nestjs/core');
    expect(bucketOf('file:///w/node_modules/fastify/lib/route.js', 'f')).toBe('npm: fastify');
    expect(bucketOf('file:///w/dist/libs/event-store/src/sqlite/append.js', 'f')).toBe(
      'libs/event-store/sqlite',
    );
    expect(bucketOf('file:///w/dist/libs/domain/src/index.js', 'f')).toBe('libs/domain');
    expect(bucketOf('node:internal/http', 'f')).toBe('node: internal');
    expect(bucketOf('', '(garbage collector)')).toBe('GC');
  });

  it('adds the sampled time deltas per bucket, largest first', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' } },
        { id: 2, callFrame: { functionName: 'a', url: 'file:///w/node_modules/fastify/a.js' } },
        { id: 3, callFrame: { functionName: '(garbage collector)', url: '' } },
      ],
      startTime: 0,
      endTime: 10,
      samples: [2, 3, 2],
      timeDeltas: [1000, 500, 2000],
    };
    expect(summarize(profile)).toEqual([
      { bucket: 'npm: fastify', ms: 3 },
      { bucket: 'GC', ms: 0.5 },
    ]);
  });
});
