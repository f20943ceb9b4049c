import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lintDockerfile } from '../src/lint/index.js';
import type { RenderContext } from '../src/render/index.js';
import { listFixtures, normalize, ROOT, runCli, type JsonOutput } from './helpers.js';

const fixtures = await listFixtures();
const rendering = fixtures.filter((f) => f.spec.expect?.exit === undefined);
const SHARED_DIR = path.join(ROOT, 'snapshots/shared');

/** The plan each run rendered: snapshotted as plan.json, the decisions before any template. */
const rendered = vi.hoisted(() => ({ plan: null as unknown }));
vi.mock('../src/render/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/render/index.js')>();
  return {
    ...real,
    renderFiles: (ctx: RenderContext) => {
      rendered.plan = ctx.plan;
      return real.renderFiles(ctx);
    },
  };
});

type Fixture = (typeof fixtures)[number];

/**
 * Files that say what is particular to an app (the Dockerfile, the member's settings) are reviewed
 * per fixture; the others (compose files, workflow, dependabot, .dockerignore, .env.example) come
 * in a handful of variants that dozens of fixtures share byte for byte, reviewed once each.
 */
function perFixture(file: string): boolean {
  return ['Dockerfile', '.create-dockerfile.json'].includes(path.posix.basename(file));
}

/** Each fixture's shared files (normalized), filled by the per-fixture tests and completed by the shared-files test. */
const sharedFiles = new Map<string, Map<string, string>>();

async function render(fixture: Fixture): Promise<JsonOutput> {
  const result = await runCli([fixture.dir, '--yes', '--dry-run', '--json', ...(fixture.spec.args ?? [])], fixture.dir);
  expect(result.stderr).toBe('');
  const json = JSON.parse(result.stdout) as JsonOutput;
  const shared = new Map<string, string>();
  for (const file of json.files) if (file.path !== '.create-dockerfile.json' && !perFixture(file.path)) shared.set(file.path, normalize(file.contents, json.version));
  sharedFiles.set(fixture.name, shared);
  return json;
}

/**
 * Every fixture's output is reviewed under snapshots/: its Dockerfile, detection and plan in
 * snapshots/<fixture>/, its other files among the shared variants (snapshots/shared/). A change to
 * a stack's decisions shows up in plan.json, a template change in the files (update with
 * `npx vitest -u`).
 */
describe('generated files match the reviewed snapshots', () => {
  it.for(rendering)('renders $name', async (fixture, { expect }) => {
    const json = await render(fixture);
    if (fixture.spec.expect?.stack !== undefined) expect(json.detection.stack).toBe(fixture.spec.expect.stack);
    if (fixture.spec.expect?.port !== undefined) expect(json.detection.port).toBe(fixture.spec.expect.port);
    for (const file of json.files) {
      if (file.path === '.create-dockerfile.json' || !perFixture(file.path)) continue;
      await expect(normalize(file.contents, json.version)).toMatchFileSnapshot(`../snapshots/${fixture.name}/${file.path}`);
    }
    // Lint-clean by construction: the generated Dockerfile passes every rule, shellcheck included.
    const dockerfile = json.files.find((f) => f.path.endsWith('Dockerfile'));
    const dockerignore = json.files.find((f) => f.path.endsWith('.dockerignore'));
    if (dockerfile !== undefined) {
      const findings = await lintDockerfile(dockerfile.contents, { file: dockerfile.path, dockerignore: dockerignore?.contents ?? null });
      expect(findings.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([]);
    }
    const detection = { ...json.detection, files: json.files.map((f) => f.path) };
    await expect(`${JSON.stringify(detection, null, 2)}\n`).toMatchFileSnapshot(`../snapshots/${fixture.name}/detection.json`);
    // The generator's version is the one value that changes with every release.
    const plan = JSON.stringify(rendered.plan, (key, value: unknown) => (key === 'version' && value === json.version ? '<version>' : value), 2);
    await expect(normalize(`${plan}\n`, json.version)).toMatchFileSnapshot(`../snapshots/${fixture.name}/plan.json`);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/**
 * snapshots/shared/index.json says, per file, which fixtures get which variant; each variant is
 * snapshots/shared/<first fixture that gets it>/<file>. A fixture moving to another variant changes
 * the index; a template change changes the variant's one file.
 */
describe('files many fixtures share', () => {
  it('match one reviewed copy per distinct variant, and the index of which fixture gets which', async ({ expect }) => {
    for (const fixture of rendering) if (!sharedFiles.has(fixture.name)) await render(fixture);
    const index: Record<string, Record<string, string[]>> = {};
    const variants = new Map<string, string>();
    for (const fixture of rendering) {
      for (const [file, text] of sharedFiles.get(fixture.name) ?? []) {
        const byVariant = (index[file] ??= {});
        const first = Object.keys(byVariant).find((name) => variants.get(`${name}/${file}`) === text);
        if (first === undefined) {
          byVariant[fixture.name] = [fixture.name];
          variants.set(`${fixture.name}/${file}`, text);
        } else {
          byVariant[first]?.push(fixture.name);
        }
      }
    }
    const sorted = Object.fromEntries(Object.keys(index).sort().map((file) => [file, index[file]]));
    await expect(`${JSON.stringify(sorted, null, 2)}\n`).toMatchFileSnapshot('../snapshots/shared/index.json');
    for (const [where, text] of variants) await expect(text).toMatchFileSnapshot(`../snapshots/shared/${where}`);
    const stale = (await filesUnder(SHARED_DIR)).filter((f) => f !== 'index.json' && !variants.has(f));
    expect(stale, 'variants no fixture produces any more: delete them').toEqual([]);
  });
});

describe('fixtures that must be refused', () => {
  const refused = fixtures.filter((f) => f.spec.expect?.exit !== undefined);
  it.skipIf(refused.length === 0).for(refused)('refuses $name with its exit code', async (fixture, { expect }) => {
    const result = await runCli([fixture.dir, '--yes', '--dry-run', ...(fixture.spec.args ?? [])], fixture.dir);
    expect(result.exit).toBe(fixture.spec.expect?.exit);
    expect(result.stderr).not.toBe('');
  });
});

it('has fixtures to snapshot', () => {
  expect(fixtures.length).toBeGreaterThan(0);
});
