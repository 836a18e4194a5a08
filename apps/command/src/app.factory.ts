import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger, NestPinoLogger, type Config } from '#config';
import { CommandModule } from './command.module.js';
import { mountConsole } from './console/console.mount.js';
import { registerBodyParsing, type StreamedBodies } from './infra/body-parsing.js';
import { ProblemFilter } from './infra/problem.filter.js';
import { sendProblem } from './infra/problem.js';
import { recordRoutes } from './infra/served-routes.js';
import { registerRequestLog } from './infra/request-log.js';
import { createValidationPipe } from './infra/validation.js';
import { registerSecurityHeaders } from './security/headers.js';

/** Routes that read their own body stream (by route pattern): CSV imports and multipart uploads. */
const STREAMED: StreamedBodies = {
  csv: new Set(['/v1/agencies/:agencyId/imports']),
  multipart: new Set(['/v1/agencies/:agencyId/evidence']),
};

/**
 * Outlive the clients' idle keep-alive (load balancers commonly hold 60 s; undici 4 s): a server
 * that closes first races the client's next request on that socket and it fails with ECONNRESET.
 */
const KEEP_ALIVE_MS = 65_000;

class CommandFastifyAdapter extends FastifyAdapter {
  /**
   * createCommandApp sets the one error handler before any route exists (Fastify routes keep the
   * handler current when they were added); Nest's, set after its routes, would reach no route and
   * only make Fastify warn that a handler was overridden.
   */
  override setErrorHandler() {
    return this.getInstance();
  }
}

/**
 * The Fastify instance under Nest (ADR 0007). Security (G9): one path, one spelling: routes are
 * case-sensitive (API.md: `/V1/...` is 404); a trailing slash reaches the same route, as it did
 * on Express. No proxy is trusted (the per-IP limit uses the socket's address). No X-Powered-By.
 */
function fastifyAdapter(): FastifyAdapter {
  return new CommandFastifyAdapter({
    logger: false,
    trustProxy: false,
    keepAliveTimeout: KEEP_ALIVE_MS,
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true, maxParamLength: 2048 },
  });
}

/** Builds the HTTP app; main.ts and the e2e tests both use it, so tests run the real server. */
export async function createCommandApp(config: Config): Promise<NestFastifyApplication> {
  const logger = createLogger('command', config.logLevel);
  const adapter = fastifyAdapter();
  const fastify = adapter.getInstance();
  recordRoutes(fastify);
  registerSecurityHeaders(fastify);
  registerRequestLog(fastify, logger);
  registerBodyParsing(fastify, STREAMED);
  // Errors raised before a Nest handler runs (body parsing, hooks, plugins) leave as problem+json
  // too, read by the same rules as the ProblemFilter. Set first: Fastify routes keep the handler
  // that was current when they were added.
  const problems = new ProblemFilter();
  fastify.setErrorHandler((error, _req, reply) => {
    const { details, headers } = problems.toProblemLogged(error);
    sendProblem(reply, details, headers);
  });
  const app = await NestFactory.create<NestFastifyApplication>(CommandModule.forRoot(config), adapter, {
    bodyParser: false,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  if (config.corsOrigins.length)
    app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'X-Position', 'Retry-After'] });
  // The web console (GET / and /console/*, its own CSP).
  await mountConsole(fastify, config);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('One Mind certification engine')
      .setDescription('Event-sourced certification workflow for the IACP One Mind Campaign (see API.md).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  app.getHttpServer().headersTimeout = KEEP_ALIVE_MS + 1_000;
  return app;
}
