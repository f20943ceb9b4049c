import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLint } from '../../src/lint/index.js';
import { VERSION } from '../../src/version.js';
import { df, sink } from './helpers.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cdf-lint-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lint(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await runLint(argv, { cwd: dir, stdout: stdout.stream, stderr: stderr.stream });
  return { code, out: stdout.text(), err: stderr.text() };
}

const CLEAN = df('WORKDIR /app', 'COPY app.js ./', 'CMD ["node", "app.js"]');
/** One warning (DL3025) and one info (DL3059). */
const WARN = df('RUN echo a', 'RUN echo b', 'CMD node app.js');

describe('runLint exit codes', () => {
  it('0 for a clean Dockerfile (default ./Dockerfile)', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), CLEAN);
    const r = await lint(['--no-shellcheck']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('No problems found in 1 file.\n');
  });

  it('1 for warnings at the default --fail-on warning', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    const r = await lint(['--no-shellcheck']);
    expect(r.code).toBe(1);
  });

  it('--fail-on error ignores warnings; --fail-on info counts info', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    expect((await lint(['--fail-on', 'error'])).code).toBe(0);
    await writeFile(path.join(dir, 'Dockerfile'), df('RUN echo a', 'RUN echo b'));
    expect((await lint(['--fail-on=warning'])).code).toBe(0);
    expect((await lint(['--fail-on=info'])).code).toBe(1);
  });

  it('2 for an unreadable file, with a message and no stack trace', async () => {
    const r = await lint(['missing/Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('create-dockerfile lint: there is no missing/Dockerfile: pass the path of a Dockerfile, or create one with `npx create-dockerfile`\n');
    expect(r.out).toBe('');
  });

  it('2 in a folder with no Dockerfile, saying exactly that and nothing about "0 files"', async () => {
    const r = await lint([]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('create-dockerfile lint: there is no Dockerfile in this folder: pass the path of a Dockerfile, or create one with `npx create-dockerfile`\n');
    expect(r.out).toBe('');
  });

  it('2 for usage errors', async () => {
    expect((await lint(['--format', 'xml'])).code).toBe(2);
    expect((await lint(['--bogus'])).code).toBe(2);
    expect((await lint(['--fail-on'])).code).toBe(2);
    const r = await lint(['--config', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read config/);
  });

  it('--help prints usage and returns 0', async () => {
    const r = await lint(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: create-dockerfile lint/);
  });

  it('a folder argument means <folder>/Dockerfile', async () => {
    await mkdir(path.join(dir, 'svc'));
    await writeFile(path.join(dir, 'svc', 'Dockerfile'), WARN);
    const r = await lint(['svc', '--format', 'json', '--no-shellcheck']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { files: Array<{ file: string; findings: Array<{ rule: string }> }>; shellcheck: boolean };
    expect(doc.shellcheck).toBe(false);
    expect(doc.files.map((f) => f.file)).toEqual(['svc/Dockerfile']);
    expect(doc.files[0]?.findings.map((f) => f.rule)).toEqual(['DL3059', 'DL3025']);
  });
});

describe('config files', () => {
  it('.hadolint.yaml next to the Dockerfile ignores rules', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    await writeFile(path.join(dir, '.hadolint.yaml'), 'ignored:\n  - DL3025\n  - DL3059\n');
    expect((await lint([])).code).toBe(0);
  });

  it('.create-dockerfile-lint.yaml failure-threshold applies unless --fail-on is given', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    await writeFile(path.join(dir, '.create-dockerfile-lint.yaml'), 'failure-threshold: error\n');
    expect((await lint([])).code).toBe(0);
    expect((await lint(['--fail-on', 'warning'])).code).toBe(1);
  });

  it('--config points at another file; a broken config is a usage error', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    await writeFile(path.join(dir, 'lint.yaml'), 'ignored: [JSONArgsRecommended, DL3059]\n');
    expect((await lint(['--config', 'lint.yaml'])).code).toBe(0);
    await writeFile(path.join(dir, 'bad.yaml'), 'ignored: [\n');
    expect((await lint(['--config', 'bad.yaml'])).code).toBe(2);
  });

  it('.dockerignore next to the Dockerfile feeds CopyIgnoredFile', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), CLEAN);
    await writeFile(path.join(dir, '.dockerignore'), 'app.js\n');
    const r = await lint(['--format=json']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('"rule": "CopyIgnoredFile"');
  });
});

describe('output formats', () => {
  it('text: file:line rule severity message, indented fix, summary', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    const r = await lint(['--no-shellcheck']);
    expect(r.out).toBe([
      'Dockerfile:3 DL3059 info Multiple consecutive `RUN` instructions. Consider consolidation.',
      '  fix: Join them with `&&` into one RUN (keep them apart only when layer caching needs it).',
      'Dockerfile:4 DL3025 warning Use arguments JSON notation for CMD and ENTRYPOINT arguments.',
      '  fix: Write `CMD ["executable", "arg"]` so signals reach the process.',
      '',
      '2 problems (0 errors, 1 warning, 1 info) in 1 file.',
      '',
    ].join('\n'));
  });

  it('json: one document with files and the shellcheck flag', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), WARN);
    const r = await lint(['--format', 'json']);
    const doc = JSON.parse(r.out) as { files: Array<{ file: string; findings: Array<Record<string, unknown>> }>; shellcheck: boolean };
    expect(typeof doc.shellcheck).toBe('boolean');
    expect(doc.files[0]?.findings[1]).toEqual({
      file: 'Dockerfile', line: 4, column: 1, rule: 'DL3025', aliases: ['JSONArgsRecommended'], severity: 'warning',
      message: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments.',
      hint: 'Write `CMD ["executable", "arg"]` so signals reach the process.',
    });
  });

  it('sarif: 2.1.0 with rules, levels and relative locations', async () => {
    await mkdir(path.join(dir, 'svc'));
    await writeFile(path.join(dir, 'svc', 'Dockerfile'), WARN);
    const r = await lint(['svc', '--format', 'sarif', '--no-shellcheck']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out) as {
      version: string; $schema: string;
      runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string } }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run = sarif.runs[0];
    expect(run?.tool.driver.name).toBe('create-dockerfile');
    expect(run?.tool.driver).toMatchObject({ version: VERSION, semanticVersion: VERSION });
    expect(run?.tool.driver.rules.map((x) => x.id)).toEqual(['DL3059', 'DL3025']);
    expect(run?.tool.driver.rules.every((x) => x.shortDescription.text.length > 0 && x.help.text.length > 0)).toBe(true);
    expect(run?.results.map((x) => [x.ruleId, x.level, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region.startLine]))
      .toEqual([['DL3059', 'note', 'svc/Dockerfile', 3], ['DL3025', 'warning', 'svc/Dockerfile', 4]]);
  });

  it('lints several files and still reports readable ones when one is missing', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), CLEAN);
    const r = await lint(['Dockerfile', 'nope', '--format', 'json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.out) as { files: unknown[] }).files).toHaveLength(1);
  });
});
