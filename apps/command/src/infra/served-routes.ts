import type { FastifyInstance } from 'fastify';

/** One route as the Fastify router holds it: a Nest handler, or one inside a mounted plugin. */
export interface ServedRoute {
  method: string;
  /** The full pattern (`/v1/agencies/:agencyId/pledge`, `/console/*`). */
  url: string;
  /** The plugin's prefix for routes registered inside one (`/admin/queues`, `/console`), else ''. */
  prefix: string;
}

const served = new WeakMap<FastifyInstance, ServedRoute[]>();

/**
 * Keeps every route the router is given, as it is given (Fastify's onRoute hook), so the
 * authorization matrix test (G7) is generated from the router itself, not from a list.
 */
export function recordRoutes(fastify: FastifyInstance): void {
  const routes: ServedRoute[] = [];
  served.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method))
      routes.push({ method, url: route.url, prefix: route.prefix ?? '' });
  });
}

export function servedRoutes(fastify: FastifyInstance): readonly ServedRoute[] {
  return served.get(fastify) ?? [];
}
