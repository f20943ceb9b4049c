// Preloaded with `node --require` by tests: at exit, prints every CommonJS file the process
// loaded. The bundled CLI loads packages through require(), and its own files (main.cjs, the
// precompiled templates) through vm.Script with a code cache (src/code-cache.ts): both are listed.
const vm = require('node:vm');

const compiled = [];
const { Script } = vm;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    if (typeof options?.filename === 'string') compiled.push(options.filename);
  }
};

process.on('exit', () => {
  process.stderr.write(`LOADED ${JSON.stringify([...Object.keys(require.cache), ...compiled])}\n`);
});
