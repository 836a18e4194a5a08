// `npx onemind …` must work inside this repository, but npm links only dependencies' bins into
// node_modules/.bin, never the root package's own. Run by `prepare` (so by `npm ci`).
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const binDir = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));
mkdirSync(binDir, { recursive: true });
rmSync(`${binDir}onemind`, { force: true });
symlinkSync('../../bin/onemind.js', `${binDir}onemind`);
chmodSync(fileURLToPath(new URL('../bin/onemind.js', import.meta.url)), 0o755);
