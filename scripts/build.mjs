#!/usr/bin/env node
/**
 * `npm run build`: type-checks src/, bundles the CLI with esbuild and precompiles the built-in
 * templates.
 *
 * - dist/cli.js (the bin): src/cli.ts and every package it imports. The large parts that only
 *   some runs need, imported with import() where they are used (the wizard, --verify, lint,
 *   Handlebars' compiler for team templates, fast-glob), go to chunks of their own next to it,
 *   which esbuild's code splitting loads on that import; an installed CLI needs nothing from
 *   node_modules.
 * - dist/templates.cjs: every file of templates/ precompiled by Handlebars, with the sources it
 *   was built from (src/render/precompiled.ts renders from it, and compiles instead when
 *   templates/ no longer matches).
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
const common = { bundle: true, platform: 'node', target: 'node20.16', logLevel: 'warning', legalComments: 'none' };

await esbuild.build({
  ...common,
  entryPoints: [path.join(ROOT, 'src/cli.ts')],
  outdir: DIST,
  format: 'esm',
  splitting: true,
  // Whitespace and syntax only: identifiers keep their names, so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // The CommonJS packages it bundles call require() for Node.js built-ins, which ES modules lack.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// The precompiler is TypeScript too: bundled into a scratch folder, run once and removed.
const scratch = path.join(ROOT, 'node_modules/.cache/create-dockerfile-build');
mkdirSync(scratch, { recursive: true });
const precompiler = path.join(scratch, 'precompile.mjs');
await esbuild.build({ ...common, format: 'esm', entryPoints: [path.join(ROOT, 'src/templates/precompile.ts')], outfile: precompiler, packages: 'external' });
const { precompileTemplates } = await import(pathToFileURL(precompiler).href);
// The folder is passed in: package-root.ts would point into the scratch folder from there.
writeFileSync(path.join(DIST, 'templates.cjs'), precompileTemplates(path.join(ROOT, 'templates')));
rmSync(scratch, { recursive: true, force: true });

console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
