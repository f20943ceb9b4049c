// Preloaded with `node --require` by tests: at exit, prints every CommonJS module the process
// loaded (the bundled CLI loads packages only through require(); see scripts/build.mjs).
process.on('exit', () => {
  process.stderr.write(`LOADED ${JSON.stringify(Object.keys(require.cache))}\n`);
});
