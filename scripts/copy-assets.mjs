#!/usr/bin/env node
// `tsc` compiles only .ts files: copy the web console's static files (apps/command/src/console/public)
// into dist beside the compiled console.mount.js, which serves them from `./public/`.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const assets = [['apps/command/src/console/public', 'dist/apps/command/src/console/public']];
for (const [from, to] of assets) {
  rmSync(join(root, to), { recursive: true, force: true });
  cpSync(join(root, from), join(root, to), { recursive: true });
}
