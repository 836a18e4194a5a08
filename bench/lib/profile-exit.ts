// Preloaded (`--import`) into app processes profiled with --cpu-prof: a normal exit on SIGTERM, so
// that node writes the profile (Nest's shutdown hook re-raises the signal, which would lose it).
process.on('SIGTERM', () => process.exit(0));
export {};
