#!/usr/bin/env node
/**
 * `npm run build`: type-checks src/, bundles it into dist/ and precompiles the built-in templates.
 *
 * Why a bundle: a run is mostly Node.js start-up, and loading ~130 separate ES modules (each
 * resolved, read and compiled on its own) cost more than detection and rendering together
 * (bench/). Two builds, both flat in dist/ (src/package-root.ts relies on that):
 *
 * - dist/cli.cjs, the path every run takes, as one CommonJS file: Node.js starts a CommonJS entry
 *   ~15 ms sooner than an ES module one, which would bring up the ESM loader and link each chunk.
 * - The code only some runs need, as ES modules loaded by the dynamic imports that already guard
 *   it: the wizard, --verify, --check, lint and `templates` subcommands, and the diff, glob and
 *   YAML-parsing packages (COLD below). They share chunks among themselves but not with
 *   cli.cjs, so each keeps its own copy of shared modules; errors are recognised by shape, not
 *   instanceof, for that reason (src/errors.ts).
 *
 * Left out of both, and so runtime dependencies: packages loaded through createRequire (the lazy
 * TOML/XML/semver parsers, the Handlebars compiler for --templates), which esbuild does not follow.
 * test/bundle.test.ts checks that dist/ loads nothing else from node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const started = performance.now();

/** Import specifier in src/ → the cold entry it becomes (dist/<name>.mjs), and its source. */
const COLD = {
  './wizard.js': ['wizard', 'src/wizard.ts'],
  './verify/index.js': ['verify', 'src/verify/index.ts'],
  './templates/check.js': ['templates-check', 'src/templates/check.ts'],
  './lint/index.js': ['lint', 'src/lint/index.ts'],
  './templates/command.js': ['templates-command', 'src/templates/command.ts'],
  diff: ['diff', 'diff'],
  'fast-glob': ['fast-glob', 'fast-glob'],
  yaml: ['yaml', 'yaml'],
};

// Types first: esbuild strips them without checking.
try {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  // tsc has printed the errors.
  process.exit(1);
}

rmSync(DIST, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.16',
  logLevel: 'warning',
  legalComments: 'none',
  // Whitespace and syntax only: identifiers keep their names, so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
};

await esbuild.build({
  ...common,
  entryPoints: Object.fromEntries(Object.values(COLD).map(([name, source]) => [name, source.startsWith('src/') ? path.join(ROOT, source) : source])),
  outdir: DIST,
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS packages (yaml's node build, fast-glob, execa's helpers) call require() for
  // Node.js built-ins, which an ES module does not have: every chunk gets one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

/** In the main bundle, the dynamic imports of cold code point at the cold entries instead. */
const coldImports = {
  name: 'cold-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !(args.path in COLD)) return undefined;
      return { path: `./${COLD[args.path][0]}.mjs`, external: true };
    });
  },
};

await esbuild.build({
  ...common,
  entryPoints: [path.join(ROOT, 'src/cli.ts')],
  outfile: path.join(DIST, 'cli.cjs'),
  format: 'cjs',
  plugins: [coldImports],
  // Sources use import.meta.url (ESM, as the tests run them); here it is this file's URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The template precompiler needs the full Handlebars compiler, which the CLI must not ship in its
// start-up path: it is bundled on its own into a scratch folder, run once and removed.
const scratch = path.join(ROOT, 'node_modules/.cache/create-dockerfile-build');
mkdirSync(scratch, { recursive: true });
const precompiler = path.join(scratch, 'precompile.mjs');
await esbuild.build({ ...common, format: 'esm', entryPoints: [path.join(ROOT, 'src/templates/precompile.ts')], outfile: precompiler, packages: 'external' });
const { precompileTemplates } = await import(pathToFileURL(precompiler).href);
// The folder is passed in: package-root.ts would point into the scratch folder from there.
mkdirSync(path.join(DIST, 'precompiled'));
for (const [folder, code] of precompileTemplates(path.join(ROOT, 'templates'))) writeFileSync(path.join(DIST, 'precompiled', `${folder}.cjs`), code);
rmSync(scratch, { recursive: true, force: true });

console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
