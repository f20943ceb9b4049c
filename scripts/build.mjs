#!/usr/bin/env node
/**
 * `npm run build`: type-checks src/, bundles it into dist/ and precompiles the built-in templates.
 *
 * Why a bundle: a run is mostly Node.js start-up, and loading ~130 separate ES modules (each
 * resolved, read and compiled on its own) cost more than detection and rendering together
 * (bench/). esbuild puts the path every run takes into a few files and splits what only some runs
 * need (wizard, diff, --verify, lint, fast-glob) into chunks loaded by the dynamic imports that
 * already guard them. Every chunk lands directly in dist/, which src/package-root.ts relies on.
 *
 * Left out of the bundle, and so runtime dependencies: packages loaded through createRequire
 * (the lazy TOML/XML/semver parsers, the Handlebars compiler for --templates), which esbuild does not
 * follow. test/bundle.test.ts checks that dist/ imports nothing else from node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const started = performance.now();

// Types first: esbuild strips them without checking.
try {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  // tsc has printed the errors.
  process.exit(1);
}

rmSync(DIST, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20.16', logLevel: 'warning', legalComments: 'none' };
await esbuild.build({
  ...common,
  entryPoints: { cli: path.join(ROOT, 'src/cli.ts') },
  outdir: DIST,
  splitting: true,
  chunkNames: '[name]-[hash]',
  // Bundled CommonJS packages (yaml's node build, fast-glob, execa's helpers) call require() for
  // Node.js built-ins, which an ES module does not have: every chunk gets one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Whitespace and syntax only: identifiers keep their names, so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
});

// The template precompiler needs the full Handlebars compiler, which the CLI must not ship in its
// start-up path: it is bundled on its own into a scratch folder, run once and removed.
const scratch = path.join(ROOT, 'node_modules/.cache/create-dockerfile-build');
mkdirSync(scratch, { recursive: true });
const precompiler = path.join(scratch, 'precompile.mjs');
await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/templates/precompile.ts')], outfile: precompiler, packages: 'external' });
const { precompileTemplates } = await import(pathToFileURL(precompiler).href);
// The folder is passed in: package-root.ts would point into the scratch folder from there.
mkdirSync(path.join(DIST, 'precompiled'));
for (const [folder, code] of precompileTemplates(path.join(ROOT, 'templates'))) writeFileSync(path.join(DIST, 'precompiled', `${folder}.cjs`), code);
rmSync(scratch, { recursive: true, force: true });

console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
