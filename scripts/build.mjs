#!/usr/bin/env node
/**
 * `npm run build`: type-checks src/, bundles it into dist/ and precompiles the built-in templates.
 *
 * Why a bundle: a run is mostly Node.js start-up, and loading ~130 separate ES modules (each
 * resolved, read and compiled on its own) cost more than detection and rendering together
 * (bench/). Everything is CommonJS, flat in dist/ (src/package-root.ts relies on that): Node.js
 * starts a CommonJS file ~15 ms sooner than an ES module, which brings up the ESM loader.
 *
 * - dist/main.cjs: the path every run takes, in one file.
 * - dist/cli.cjs (the bin, src/boot.ts): runs main.cjs through the V8 code cache written below,
 *   as main.cjs runs the precompiled templates (src/code-cache.ts).
 * - The code only some runs need, one file each (COLD below), required by the dynamic imports
 *   that already guard it: the wizard, --verify, --check, lint and `templates` subcommands, and the
 *   diff, glob and YAML-parsing packages. Each carries its own copy of the modules it shares with
 *   main.cjs; errors are recognised by shape, not instanceof, for that reason (src/errors.ts).
 * - The Go, Python and Java stacks, one file each (CACHED below), run through the code cache too.
 *
 * Left out of all of them, and so runtime dependencies: packages loaded through createRequire
 * (the lazy TOML/XML/semver parsers, the Handlebars compiler for --templates), which esbuild does
 * not follow. test/bundle.test.ts checks that dist/ loads nothing else from node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const started = performance.now();

/** Cold entries: dist/<name>.cjs from a module of src/ or a package, loaded by a dynamic import of it. */
const COLD = {
  wizard: 'src/wizard.ts',
  verify: 'src/verify/index.ts',
  'templates-check': 'src/templates/check.ts',
  lint: 'src/lint/index.ts',
  'templates-command': 'src/templates/command.ts',
  diff: 'diff',
  'fast-glob': 'fast-glob',
  yaml: 'yaml',
};
const isSource = (entry) => entry.startsWith('src/');

/**
 * Cold entries a run of that stack always loads: Go, Python and Java (src/stacks/index.ts). They
 * run through the code cache like main.cjs (src/code-cache.ts), and the training runs below write
 * their caches, so moving them out of main.cjs makes those runs no slower.
 */
const CACHED = { 'stack-go': 'src/stacks/go/index.ts', 'stack-python': 'src/stacks/python/index.ts', 'stack-java': 'src/stacks/java/index.ts' };

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
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  // Whitespace and syntax only: identifiers keep their names, so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // Sources use import.meta.url (ESM, as the tests run them); in CommonJS it is the file's URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// The template precompiler needs the full Handlebars compiler, which the CLI must not ship in its
// start-up path: it is bundled on its own into a scratch folder, run once and removed.
const scratch = path.join(ROOT, 'node_modules/.cache/create-dockerfile-build');
mkdirSync(scratch, { recursive: true });
const precompiler = path.join(scratch, 'precompile.mjs');
await esbuild.build({ ...common, format: 'esm', define: {}, banner: {}, entryPoints: [path.join(ROOT, 'src/templates/precompile.ts')], outfile: precompiler, packages: 'external' });
const { precompileTemplates, COMMONJS_WRAPPER } = await import(pathToFileURL(precompiler).href);

for (const [name, entry] of Object.entries(COLD)) {
  await esbuild.build({ ...common, entryPoints: [isSource(entry) ? path.join(ROOT, entry) : entry], outfile: path.join(DIST, `${name}.cjs`) });
}

/**
 * In the main bundle, a dynamic import of cold code (by resolved path) requires its cold file
 * instead, or for a CACHED one runs it through the code cache.
 */
const byTarget = new Map(Object.entries(COLD).map(([name, entry]) => [isSource(entry) ? path.join(ROOT, entry) : entry, name]));
const cachedByTarget = new Map(Object.entries(CACHED).map(([name, entry]) => [path.join(ROOT, entry), name]));
const coldImports = {
  name: 'cold-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = args.path.startsWith('.') ? path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts') : args.path;
      const cached = cachedByTarget.get(target);
      if (cached !== undefined) return { path: cached, namespace: 'cached-chunk' };
      const name = byTarget.get(target);
      return name === undefined ? undefined : { path: `./${name}.cjs`, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: 'cached-chunk' }, (args) => ({
      contents: [
        `const { runWrapped } = require(${JSON.stringify(path.join(ROOT, 'src/code-cache.ts'))});`,
        `const { join } = require('node:path');`,
        `module.exports = runWrapped(join(__dirname, ${JSON.stringify(`${args.path}.cjs`)}));`,
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/** Wrapped as Node.js wraps every CommonJS file, so src/code-cache.ts compiles the text as read. */
const wrapped = { banner: { js: `${COMMONJS_WRAPPER}${common.banner.js}` }, footer: { js: '})' } };
/**
 * For code run through the code cache: import() becomes require(), since code compiled through
 * vm.Script cannot use Node's ES module loader, and the cold files are CommonJS anyway.
 */
const coldSplit = { plugins: [coldImports], supported: { 'dynamic-import': false } };
for (const [name, entry] of Object.entries(CACHED)) {
  await esbuild.build({ ...common, ...wrapped, ...coldSplit, entryPoints: [path.join(ROOT, entry)], outfile: path.join(DIST, `${name}.cjs`) });
}

await esbuild.build({
  ...common,
  entryPoints: [path.join(ROOT, 'src/cli.ts')],
  outfile: path.join(DIST, 'main.cjs'),
  // The banner line goes inside the wrapper, as line 1 was before.
  ...wrapped,
  ...coldSplit,
});
await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/boot.ts')], outfile: path.join(DIST, 'cli.cjs') });

// The folder is passed in: package-root.ts would point into the scratch folder from there.
mkdirSync(path.join(DIST, 'precompiled'));
for (const [folder, code] of precompileTemplates(path.join(ROOT, 'templates'))) writeFileSync(path.join(DIST, 'precompiled', `${folder}.cjs`), code);
rmSync(scratch, { recursive: true, force: true });

// The code caches, from training runs of the built CLI on small apps (src/code-cache.ts): a run
// writes the caches still missing, with bytecode for everything it executed. The Express app,
// the most common kind of repo, goes first and so writes main.cjs's; the others add their stack's
// template folder. Runs on other repos compile what they need beyond that, as usual.
const TRAINING = {
  express: {
    'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } }),
    'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }),
    'server.js': "require('express')().listen(process.env.PORT || 3000);\n",
    '.nvmrc': '22\n',
  },
  go: { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n' },
  flask: { 'requirements.txt': 'flask>=3.0\ngunicorn>=22\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' },
  spring: {
    'pom.xml': [
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>',
      '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent>',
      '<groupId>com.example</groupId><artifactId>app</artifactId><version>0.0.1</version><properties><java.version>21</java.version></properties>',
      '<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>',
    ].join('\n'),
  },
};
for (const files of Object.values(TRAINING)) {
  const app = mkdtempSync(path.join(os.tmpdir(), 'create-dockerfile-build-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(app, name), text);
  execFileSync(process.execPath, [path.join(DIST, 'cli.cjs'), app, '--yes', '--dry-run', '--json'], {
    env: { ...process.env, CI: 'true', CREATE_DOCKERFILE_BUILD_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  rmSync(app, { recursive: true, force: true });
}

console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
