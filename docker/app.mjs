// Container entry: runs dist/apps/$APP/src/main.js in this process (so SIGTERM reaches the app).
const app = process.env.APP ?? 'command';
if (app !== 'command' && app !== 'projector') {
  process.stderr.write(`APP must be command or projector, not "${app}"\n`);
  process.exit(64);
}
await import(`../dist/apps/${app}/src/main.js`);
