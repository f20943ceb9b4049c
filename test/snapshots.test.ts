import { describe, expect, it, vi } from 'vitest';
import { lintDockerfile } from '../src/lint/index.js';
import type { RenderContext } from '../src/render/index.js';
import { listFixtures, normalize, runCli, type JsonOutput } from './helpers.js';

const fixtures = await listFixtures();

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

/**
 * Every fixture's output is a reviewed file under snapshots/<fixture>/: the generated files, the
 * detection and the plan. A change to a stack's decisions shows up in plan.json, a template change
 * in the files (update with `npx vitest -u`).
 */
describe('generated files match the reviewed snapshots', () => {
  it.for(fixtures.filter((f) => f.spec.expect?.exit === undefined))('renders $name', async (fixture, { expect }) => {
    const result = await runCli([fixture.dir, '--yes', '--dry-run', '--json', ...(fixture.spec.args ?? [])], fixture.dir);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as JsonOutput;
    if (fixture.spec.expect?.stack !== undefined) expect(json.detection.stack).toBe(fixture.spec.expect.stack);
    if (fixture.spec.expect?.port !== undefined) expect(json.detection.port).toBe(fixture.spec.expect.port);
    for (const file of json.files) {
      if (file.path === '.create-dockerfile.json') continue;
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
