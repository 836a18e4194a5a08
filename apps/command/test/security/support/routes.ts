import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { servedRoutes } from '../../../src/infra/served-routes.js';
import { ACCESS_RULE, type AccessRule } from '../../../src/auth/access.decorator.js';

/** One HTTP route of the running app, as the Fastify router holds it (`:param`, `*`). */
export interface DiscoveredRoute {
  /** `METHOD /path`, the key of the expectation table. */
  key: string;
  method: string;
  path: string;
  /** The `@Access` rule for a Nest controller route; undefined for routes mounted outside Nest. */
  rule?: AccessRule;
  nest: boolean;
  /** For Nest routes: the DTO class of the `@Body()` parameter, if any. */
  bodyType?: Function;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route Nest's controllers declare, with its access rule and body DTO. */
export function nestRoutes(app: NestFastifyApplication): DiscoveredRoute[] {
  const scanner = new MetadataScanner();
  const routes: DiscoveredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const own = Reflect.getMetadata(PATH_METADATA, handler);
        if (own === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const rule = (Reflect.getMetadata(ACCESS_RULE, handler) ??
          Reflect.getMetadata(ACCESS_RULE, controller)) as AccessRule | undefined;
        for (const b of base) {
          for (const p of ([] as string[]).concat(own)) {
            const path = join(b, p);
            routes.push({
              key: `${method} ${path}`,
              method,
              path,
              rule,
              nest: true,
              bodyType: bodyTypeOf(controller, name),
            });
          }
        }
      }
    }
  }
  return routes;
}

/** `@Body()` is recorded by Nest as route-args metadata; its index gives the design:paramtypes entry. */
function bodyTypeOf(controller: Function, name: string): Function | undefined {
  const args = Reflect.getMetadata('__routeArguments__', controller, name) as
    Record<string, { index: number; data?: unknown }> | undefined;
  const body = Object.entries(args ?? {}).find(([k, v]) => k.startsWith(`${3}:`) && v.data === undefined); // RouteParamtypes.BODY = 3
  if (!body) return undefined;
  const types = Reflect.getMetadata('design:paramtypes', controller.prototype, name) as
    Function[] | undefined;
  const t = types?.[body[1].index];
  return t && t !== Object ? t : undefined;
}

/**
 * Every route the Fastify router serves, Nest's and those registered beside it (Swagger UI, the
 * console, a queue dashboard): routes by method and pattern, and every route inside a prefixed
 * plugin (the console's files, Bull Board) as one `USE <prefix>` — a whole sub-application.
 * HEAD routes are Fastify's automatic twins of GET routes.
 */
export function routerRoutes(app: NestFastifyApplication): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const r of servedRoutes(app.getHttpAdapter().getInstance())) {
    if (r.method === 'HEAD') continue;
    if (r.prefix) routes.push({ key: `USE ${r.prefix}`, method: 'USE', path: r.prefix, nest: false });
    else routes.push({ key: `${r.method} ${r.url}`, method: r.method, path: r.url, nest: false });
  }
  return routes;
}

/** The union: Nest routes carry their rule; the rest are the non-Nest mounts. */
export function allRoutes(app: NestFastifyApplication): DiscoveredRoute[] {
  const nest = nestRoutes(app);
  const byKey = new Map(nest.map((r) => [r.key, r]));
  for (const r of routerRoutes(app)) if (!byKey.has(r.key)) byKey.set(r.key, r);
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
