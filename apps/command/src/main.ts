import { ConfigError, assertCanListen, createLogger, listenProblem, loadConfig } from '#config';
import { UnsafeStoreSettingsError } from '#event-store';
import { createCommandApp } from './app.factory.js';
import { LargeStreamWarmUp } from './audit/warm-up.js';

/** Refuses to start on unsafe settings (G10) with one clear line, not a stack trace. */
async function main() {
  // Errors always; the rest at the configured level once the configuration is read.
  let logger = createLogger('command', 'info');
  try {
    const config = loadConfig();
    logger = createLogger('command', config.logLevel);
    await assertCanListen(config.port);
    const app = await createCommandApp(config);
    await app.listen(config.port, '0.0.0.0');
    // Only now, so that folding the largest agencies never delays readiness (P8).
    app.get(LargeStreamWarmUp).start();
    logger.info({
      msg: 'listening',
      port: config.port,
      dataDir: config.dataDir,
      eventStore: config.eventStore,
      env: config.nodeEnv,
    });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnsafeStoreSettingsError) {
      logger.error({ msg: `refusing to start: ${err.message}` });
      process.exit(78);
    }
    const busy = listenProblem(err, 'PORT');
    if (busy) {
      logger.error({ msg: `cannot start: ${busy}` });
      process.exit(1);
    }
    throw err;
  }
}

void main();
