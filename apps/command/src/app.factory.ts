import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { createLogger, NestPinoLogger, type Config } from '#config';
import { CommandModule } from './command.module.js';
import { bodyParsing } from './infra/body-parsing.js';
import { requestLog } from './infra/request-log.js';
import { createValidationPipe } from './infra/validation.js';
import { problem, sendProblem } from './infra/problem.js';
import { noStoreForAuthenticated } from './security/no-store.js';
import { mountConsole } from './console/console.mount.js';

const CSV_ROUTES = /^\/v1\/agencies\/[^/]+\/imports\/?$/;
/** Evidence uploads: multipart, read as a stream by their controller (evidence/receive-upload.ts). */
const UPLOAD_ROUTES = /^\/v1\/agencies\/[^/]+\/evidence\/?$/;

/**
 * Security (G9): one path, one spelling. Express matches routes case-insensitively by default, so
 * `/V1/public/...` reached the same handler as `/v1/public/...` while anything keyed on the path
 * (a limit, a body parser) saw a different string. The app router reads this setting once, when it
 * is first used, so it is set on the instance before Nest touches it (API.md: `/V1/...` is 404).
 */
function caseSensitiveExpress(): express.Express {
  const server = express();
  server.set('case sensitive routing', true);
  server.disable('x-powered-by');
  return server;
}

/** Builds the HTTP app; main.ts and the e2e tests both use it, so tests run the real server. */
export async function createCommandApp(config: Config): Promise<NestExpressApplication> {
  const logger = createLogger('command', config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(
    CommandModule.forRoot(config),
    new ExpressAdapter(caseSensitiveExpress()),
    {
      bodyParser: false,
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    },
  );
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet({ contentSecurityPolicy: false }));
  if (config.corsOrigins.length)
    app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'X-Position', 'Retry-After'] });
  app.use(requestLog(logger));
  app.use(noStoreForAuthenticated()); // Security: token-bearing answers are never cached by intermediaries.
  app.use(
    bodyParsing(
      (req) => CSV_ROUTES.test(req.path),
      (req) => UPLOAD_ROUTES.test(req.path),
    ),
  );
  // The web console (GET / and /console/*, its own CSP), before Nest's routes and the final 404.
  mountConsole(app, config);
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
  // Outlive the clients' idle keep-alive (load balancers commonly hold 60 s; undici 4 s): a server
  // that closes first races the client's next request on that socket and it fails with ECONNRESET.
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Unmatched routes answer problem+json too (Nest's default 404 body is not one).
  app.use((_req: unknown, res: Parameters<typeof sendProblem>[0]) =>
    sendProblem(res, problem(404, 'no such resource')),
  );
  return app;
}
