import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../src/lint/index.js';
import { listFixtures, normalize, runCli, type JsonOutput } from './helpers.js';

const fixtures = await listFixtures();

/**
 * Every fixture's output is a reviewed file under snapshots/<fixture>/: the generated files and
 * the detection. A template change shows up as a diff there (update with `npx vitest -u`).
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
