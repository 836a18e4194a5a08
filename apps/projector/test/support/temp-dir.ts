import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '#config';

process.env.ONEMIND_LOG_LEVEL = 'silent';

/** A private data folder with a config pointing at it (ports chosen by the OS). */
export function tempData(
  prefix = 'onemind-proj-',
  env: Record<string, string> = {},
): { dir: string; config: Config; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    ONEMIND_DATA_DIR: dir,
    PORT: '0',
    PROJECTOR_PORT: '0',
    ...env,
  });
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
