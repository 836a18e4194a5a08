import { ConfigError, createLogger, loadConfig } from '../../../libs/config/src/index.js';
import { UnsafeStoreSettingsError } from '../../../libs/event-store/src/index.js';
import { createCommandApp } from './app.factory.js';
import { LargeStreamWarmUp } from './audit/warm-up.js';

/** Refuses to start on unsafe settings (G10) with one clear line, not a stack trace. */
async function main() {
  // Errors always; the rest at the configured level once the configuration is read.
  let logger = createLogger('command', 'info');
  try {
    const config = loadConfig();
    logger = createLogger('command', config.logLevel);
    const app = await createCommandApp(config);
    await app.listen(config.port, '0.0.0.0');
    // Only now, so that folding the largest agencies never delays readiness (P8).
    app.get(LargeStreamWarmUp).start();
    logger.info({ msg: 'listening', port: config.port, dataDir: config.dataDir, eventStore: config.eventStore, env: config.nodeEnv });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnsafeStoreSettingsError) {
      logger.error({ msg: `refusing to start: ${err.message}` });
      process.exit(78);
    }
    throw err;
  }
}

void main();
