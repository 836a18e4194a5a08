import { ConfigError, listenProblem, loadConfig } from '#config';
import { UnsafeStoreSettingsError } from '#event-store';
import { logJson } from '#config';
import { startProjector } from '#projector';

/** The projector process: read models (and later reactors) from the log, health on PROJECTOR_PORT. */
async function main() {
  try {
    const config = loadConfig();
    const projector = await startProjector(config, {
      // A takeover that cannot start for a configuration reason (G10): exit, as at start-up.
      onFatal: (err) => {
        logJson('error', { msg: `refusing to run: ${err.message}` });
        process.exit(78);
      },
    });
    logJson('info', {
      msg: 'listening',
      port: projector.port,
      dataDir: config.dataDir,
      role: projector.health().role,
    });
    const shutdown = () => void projector.stop().then(() => process.exit(0));
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnsafeStoreSettingsError) {
      logJson('error', { msg: `refusing to start: ${err.message}` });
      process.exit(78);
    }
    const busy = listenProblem(err, 'PROJECTOR_PORT, default PORT+1');
    if (busy) {
      logJson('error', { msg: `cannot start: ${busy}` });
      process.exit(1);
    }
    throw err;
  }
}

void main();
