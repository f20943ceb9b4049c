import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build, type PluginBuild } from 'esbuild';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { COMMONJS_WRAPPER } from '../src/code-cache.js';
import { copyFixture, listFixtures, removeDir, ROOT } from './helpers.js';

/**
 * dist/ is an esbuild bundle (scripts/build.mjs). What it may still load from node_modules must be
 * a declared dependency, or `npx create-dockerfile` breaks on a machine without our devDependencies.
 */
const DIST = path.join(ROOT, 'dist');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const chunks = readdirSync(DIST).filter((f) => f.endsWith('.cjs'));
/** How main.cjs and the precompiled templates start (scripts/build.mjs). */
const WRAPPER = COMMONJS_WRAPPER;
/** The Go, Python and Java stacks, loaded through the code cache when a repo is one of them. */
const STACK_CHUNKS = ['stack-go.cjs', 'stack-python.cjs', 'stack-java.cjs'];
/** Our dependencies and, recursively, theirs: what npm installs with the package. */
function installedWithUs(): Set<string> {
  const seen = new Set<string>();
  const queue = Object.keys(pkg.dependencies);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return seen;
}

const isBuiltin = (id: string): boolean => id.startsWith('node:') || builtinModules.includes(id);

/** `node_modules/@scope/name/lib/x.js` → `@scope/name`. */
function packageOf(file: string): string {
  const parts = (file.split('node_modules/').pop() ?? file).split('/');
  return (parts[0] ?? '').startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
}

describe('the bundled CLI in dist/', () => {
  it('has the main path, the code cache, and one file for each kind of run that needs more', () => {
    expect(chunks).toEqual(expect.arrayContaining(['cli.cjs', 'main.cjs', 'wizard.cjs', 'lint.cjs', 'verify.cjs', 'yaml.cjs', 'diff.cjs', 'fast-glob.cjs', ...STACK_CHUNKS]));
    // A size budget for the main path: the wizard, lint and --verify code (clack, dockerfile-ast,
    // execa) or the yaml library would add 400 KB or more if an import pulled them back in.
    expect(readFileSync(path.join(DIST, 'main.cjs')).length).toBeLessThan(400_000);
    // The Go, Python and Java stacks stay out of it: a static import would quietly pull one back.
    expect(readFileSync(path.join(DIST, 'main.cjs'), 'latin1')).not.toMatch(/function (planGo|planPython|planJava|detectGo|detectPythonFacts|detectJava)\(/);
    for (const chunk of STACK_CHUNKS) expect(readFileSync(path.join(DIST, chunk), 'latin1')).toMatch(/function (planGo|planPython|planJava)\(/);
    const coldBytes = ['wizard.cjs', 'lint.cjs', 'verify.cjs', 'yaml.cjs'].reduce((n, c) => n + readFileSync(path.join(DIST, c)).length, 0);
    expect(coldBytes).toBeGreaterThan(400_000);
  });

  it('ships code caches this Node.js accepts, for main.cjs, each cold stack and every template folder', () => {
    // Compiled as src/code-cache.ts does: the file's text as read, with the same filename. V8
    // rejects a cache built from other source text.
    const folders = ['_partials', 'node', 'go', 'python', 'java'].map((f) => `precompiled/${f}.cjs`);
    for (const file of ['main.cjs', ...STACK_CHUNKS, ...folders].map((f) => path.join(DIST, f))) {
      const source = readFileSync(file, 'latin1');
      expect(source.startsWith(WRAPPER), file).toBe(true);
      const script = new vm.Script(source, { filename: file, cachedData: readFileSync(`${file}.cache`) });
      expect(script.cachedDataRejected, file).toBe(false);
      // A cache from other source is refused, so a stale one can only cost a compile, never run wrong code.
      const other = new vm.Script(source.replace(WRAPPER, '(function () {'), { filename: file, cachedData: readFileSync(`${file}.cache`) });
      expect(other.cachedDataRejected, file).toBe(true);
    }
  });

  it('calls require() only, in the files src/code-cache.ts runs, which get a require made on first call', () => {
    const wrapped = ['main.cjs', ...STACK_CHUNKS, ...['_partials', 'node', 'go', 'python', 'java'].map((f) => `precompiled/${f}.cjs`)];
    for (const file of wrapped) expect(readFileSync(path.join(DIST, file), 'latin1'), file).not.toMatch(/\brequire\.(resolve|cache|main|extensions)\b/);
  });

  it('imports Node.js built-ins by name, not as a copied default export', () => {
    // `import path from 'node:path'` bundles to __toESM(require('node:path')), a getter per export
    // made on every run: ~1 ms in all when src/ did it (bench/). Named imports are used as they are.
    // A dynamic import() (`=> __toESM(…)`) runs only when its code does, and is left alone.
    for (const chunk of ['cli.cjs', 'main.cjs', ...STACK_CHUNKS]) expect(readFileSync(path.join(DIST, chunk), 'latin1'), chunk).not.toMatch(/(?<!=>)__toESM\(require\("node:/);
  });

  it('requires only its own files and Node.js built-ins', async () => {
    // esbuild reads dist/ back, following require() and import(), and reports every import it could
    // not follow inside dist/. The files run through vm.Script (main.cjs, the stacks) are entries of
    // their own. Their text is the body of a function whose parameter is `require`, which esbuild
    // rightly does not follow, so it reads the body alone.
    const unwrap = {
      name: 'unwrap',
      setup(b: PluginBuild) {
        b.onLoad({ filter: /\.cjs$/ }, (args) => {
          const text = readFileSync(args.path, 'latin1');
          return { contents: text.startsWith(WRAPPER) ? text.slice(WRAPPER.length).replace(/\}\)\s*$/, '') : text, loader: 'js' };
        });
      },
    };
    const entryPoints = ['cli.cjs', 'main.cjs', ...STACK_CHUNKS].map((f) => path.join(DIST, f));
    const result = await build({ entryPoints, bundle: true, write: false, metafile: true, platform: 'node', format: 'cjs', outdir: path.join(os.tmpdir(), 'unused'), packages: 'external', logLevel: 'silent', plugins: [unwrap] });
    const inputs = Object.keys(result.metafile.inputs).map((file) => path.basename(file));
    expect(inputs).toEqual(expect.arrayContaining(chunks));
    const imported = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
    expect(imported).toContain('node:vm');
    expect(imported.filter((id) => !isBuiltin(id))).toEqual([]);
  });

  it('loads from node_modules only declared dependencies, for every stack', async () => {
    const fixtures = (await listFixtures()).filter((f) => f.spec.expect?.exit === undefined);
    const stacks = new Set<string>();
    const loaded = new Set<string>();
    // Every fixture, not one per stack: the lazy parsers load only for some manifests (pom.xml, TOML).
    const probe = path.join(ROOT, 'test/probes/print-require-cache.cjs');
    // Plus one run with a team template, which loads the Handlebars compiler.
    const runs = fixtures.map((f) => ({ name: f.name, args: [f.dir, ...(f.spec.args ?? [])] }));
    const withTemplate = await copyFixture('node-npm-express');
    await mkdir(path.join(withTemplate, 'tpl/_partials'), { recursive: true });
    await writeFile(path.join(withTemplate, 'tpl/_partials/labels.hbs'), '{{#each labels}}\nLABEL {{key}}={{value}}\n{{/each}}\n');
    runs.push({ name: 'node-npm-express --templates', args: [withTemplate, '--templates', 'tpl'] });
    for (const run of runs) {
      stacks.add(run.name.split('-')[0] as string);
      const result = await execa('node', ['--require', probe, path.join(DIST, 'cli.cjs'), ...run.args, '--yes', '--dry-run', '--json'], {
        reject: false,
        env: { CI: 'true' },
        stdin: 'ignore',
      });
      expect(result.exitCode, `${run.name}: ${result.stderr}`).toBe(0);
      const line = result.stderr.split('\n').find((l) => l.startsWith('LOADED ')) ?? 'LOADED []';
      for (const file of JSON.parse(line.slice('LOADED '.length)) as string[]) if (file.includes('node_modules')) loaded.add(packageOf(file));
    }
    expect([...stacks].sort()).toEqual(expect.arrayContaining(['go', 'java', 'mono', 'nextjs', 'node', 'python']));
    // The lazy parsers and the Handlebars compiler really are loaded this way (else this test checks nothing).
    expect([...loaded]).toEqual(expect.arrayContaining(['handlebars', 'smol-toml', 'fast-xml-parser', 'semver']));
    const installed = installedWithUs();
    expect([...loaded].filter((name) => !installed.has(name))).toEqual([]);
    await removeDir(withTemplate);
  });
});
