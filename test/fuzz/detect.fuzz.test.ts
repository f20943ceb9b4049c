import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { instructionKeywords, strayLines } from '../hostile/helpers.js';

/**
 * Fuzzing detection through the whole in-process run (detect → resolve → plan → render):
 * generated manifests and file trees never crash the CLI (only a CliError may end a run), never
 * hang, and any package.json strings leave the Dockerfile's instruction list as it is for clean ones.
 * FUZZ_RUNS sets the number of cases per property for a deeper search (FUZZ_RUNS=2000).
 */

/**
 * 100 cases per property (fast-check's own default) on every `npm test`: fast-check draws a new
 * seed each run, so successive runs try new inputs and the search adds up across runs and
 * machines, and a failure prints the seed that replays it. FUZZ_RUNS is for a deliberate deep search.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 100;
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const OPTIONAL = ['.nvmrc', '.node-version', '.tool-versions', 'tsconfig.json', '.yarnrc.yml', '.gitignore', 'next.config.js', 'go.mod', 'pyproject.toml', 'requirements.txt', 'pom.xml'];

let base = '';
let counter = 0;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'cdf-fuzz-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function withTree<T>(files: Record<string, string | Uint8Array>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = path.join(base, String(counter++));
  await mkdir(dir);
  try {
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
    }
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Any text a hostile or broken repo could hold, control characters and lone surrogates included. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 20 }), fc.constantFrom('20', 'lts/*', 'v22.1.0', '\uFEFF18\r\n', '{}', '[]', 'null'));
const anyValue = fc.oneof(anyText, fc.jsonValue({ maxDepth: 3 }));
/** Mostly a string (what real manifests hold), sometimes anything: keeps most runs past validation. */
const field = fc.oneof({ weight: 4, arbitrary: anyText }, { weight: 1, arbitrary: anyValue });

/** package.json: usually an object with the fields detection reads, each any JSON value; sometimes any JSON at all. */
const packageJson = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    name: field, version: field, description: field, main: field, type: field, packageManager: field,
    scripts: fc.oneof({ weight: 4, arbitrary: fc.dictionary(fc.constantFrom('start', 'build', 'test', 'dev', 'prestart'), anyText) }, { weight: 1, arbitrary: anyValue }),
    dependencies: fc.oneof({ weight: 4, arbitrary: fc.dictionary(fc.constantFrom('express', 'next', 'fastify', '@nestjs/core', 'prisma', 'sharp', 'typescript'), fc.constant('^1.0.0')) }, { weight: 1, arbitrary: anyValue }),
    engines: fc.oneof(fc.record({ node: field }), anyValue),
    workspaces: anyValue,
  }, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: anyText },
);

const tree = fc.record({
  pkg: fc.option(packageJson, { nil: undefined }),
  lockfiles: fc.subarray(LOCKFILES),
  lockText: anyText,
  optional: fc.dictionary(fc.constantFrom(...OPTIONAL), anyText, { maxKeys: 4 }),
  entry: fc.option(fc.tuple(fc.constantFrom('server.js', 'index.js', 'src/main.ts', 'app.js'), anyText), { nil: undefined }),
});

describe('fuzzed repos', () => {
  it('end in a detection or a clean error, never a crash or a hang', async () => {
    const outcomes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(tree, async (t) => {
        const files: Record<string, string> = { ...t.optional };
        if (t.pkg !== undefined) files['package.json'] = t.pkg;
        for (const lock of t.lockfiles) files[lock] = t.lockText;
        if (t.entry !== undefined) files[t.entry[0]] = t.entry[1];
        // runCli rethrows anything that is not a CliError: that fails the property.
        const r = await withTree(files, (dir) => runCli([dir, '--yes', '--dry-run', '--json'], dir));
        outcomes.set(r.exit, (outcomes.get(r.exit) ?? 0) + 1);
        if (process.env.FUZZ_DEBUG) console.log(r.exit, r.stderr.split('\n')[0]);
        expect([0, 1, 2, 3]).toContain(r.exit);
        if (r.exit === 0) {
          const doc = JSON.parse(r.stdout) as { files: { path: string; contents: string }[] };
          const dockerfile = doc.files.find((f) => f.path === 'Dockerfile');
          if (dockerfile !== undefined) expect(strayLines(dockerfile.contents)).toEqual([]);
        } else {
          expect(r.stderr.trim()).not.toBe('');
          expect(r.stderr).not.toMatch(/^\s+at .+:\d+/m);
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 100_000 },
    );
    console.log(`fuzzed repos by exit code: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(outcomes.get(0) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});

describe('fuzzed package.json strings', () => {
  /** Each field keeps a fixed prefix so the same decisions are made (labels present, scripts real). */
  function skeleton(s: Record<string, string>): Record<string, string> {
    return {
      'package.json': JSON.stringify({
        name: `app${s.name}`,
        version: `1${s.version}`,
        description: `d${s.description}`,
        license: `MIT${s.license}`,
        repository: `https://example.com/app${s.repository}`,
        main: s.main,
        engines: { node: s.engines },
        scripts: { start: s.start, build: `tsc ${s.build}`, test: `vitest ${s.test}`, dev: `nodemon ${s.dev}` },
        dependencies: { express: '^4.21.0' },
      }),
      'package-lock.json': '{}',
      '.nvmrc': s.nvmrc ?? '',
      'server.js': 'app.listen(3000)\n',
    };
  }
  const FIELDS = ['name', 'version', 'description', 'license', 'repository', 'main', 'engines', 'start', 'build', 'test', 'dev', 'nvmrc'];
  const hostile = fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.replace(/\0/g, ''));

  it('never change the Dockerfile instruction list', async () => {
    const cleanRun = await withTree(skeleton(Object.fromEntries(FIELDS.map((f) => [f, 'x']))), (dir) => runCli([dir, '--yes', '--dry-run', '--json'], dir));
    expect(cleanRun.exit, cleanRun.stderr).toBe(0);
    const cleanFile = (JSON.parse(cleanRun.stdout) as { files: { path: string; contents: string }[] }).files.find((f) => f.path === 'Dockerfile');
    const expected = instructionKeywords(cleanFile?.contents ?? '');
    expect(expected.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(FIELDS.map((f) => [f, hostile]))), async (s) => {
        const r = await withTree(skeleton(s), (dir) => runCli([dir, '--yes', '--dry-run', '--json'], dir));
        expect(r.exit, r.stderr).toBe(0);
        const dockerfile = (JSON.parse(r.stdout) as { files: { path: string; contents: string }[] }).files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
        expect(instructionKeywords(dockerfile)).toEqual(expected);
        expect(strayLines(dockerfile)).toEqual([]);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 100_000 },
    );
  }, 120_000);
});
