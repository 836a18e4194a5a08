import { createLogger, type Config } from '../../../../libs/config/src/index.js';

/** The projector's logger: errors always; the rest from `ONEMIND_LOG_LEVEL` once startProjector has the config. */
let logger = createLogger('projector', 'info');

export function useLogLevel(config: Pick<Config, 'logLevel'>): void {
  logger = createLogger('projector', config.logLevel);
}

/** One JSON object per line, like the command app's logger (errors on stderr). */
export function logJson(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
  logger[level](fields);
}
