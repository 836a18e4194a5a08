#!/usr/bin/env node
// The package's `bin`: runs the compiled CLI (built by `npm ci` through `prepare`, or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/apps/cli/src/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write(
    'onemind: the project is not built yet; run `npm run build` (npm ci does it for you)\n',
  );
  process.exit(1);
}
const { runCli } = await import(entry);
process.exitCode = await runCli(process.argv.slice(2));
