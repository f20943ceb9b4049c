import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closest } from '../src/command-line.js';
import { FLAGS } from '../src/flags.js';
import { FIXTURES, removeDir, runCli } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const express = path.join(FIXTURES, 'node-npm-express');

describe('the command line, in our words', () => {
  it.each([
    ['--prot', '--port'],
    ['--dryrun', '--dry-run'],
    ['--skip-exisiting', '--skip-existing'],
    ['--pyhton-version', '--python-version'],
  ])('%s gets "did you mean %s"', async (typo, meant) => {
    const result = await runCli([express, typo, '8080'], express);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain(`Unknown flag ${typo}. Did you mean ${meant}?`);
    expect(result.stderr).not.toContain('positional argument');
  });

  it('suggests nothing for a flag that resembles none', async () => {
    const result = await runCli([express, '--kubernetes'], express);
    expect(result.exit).toBe(2);
    expect(result.stderr).toBe('Unknown flag --kubernetes. Run create-dockerfile --help for the list of flags.');
  });

  it('closest() matches typos only, across the whole flag table', () => {
    const names = FLAGS.map((f) => f.name);
    expect(closest('jsno', names)).toBe('json');
    expect(closest('bse', names)).toBe('base');
    expect(closest('x', names)).toBeNull();
  });

  it('says a flag needs a value, and a switch takes none', async () => {
    expect((await runCli([express, '--port'], express)).stderr).toBe('--port needs a value: --port <n>.');
    expect((await runCli([express, '--yes=1'], express)).stderr).toBe('--yes is a switch and takes no value: pass --yes alone.');
  });

  it.each([
    [['--force', '--skip-existing'], '--force and --skip-existing cannot be used together'],
    [['--verify', '--dry-run'], '--verify and --dry-run cannot be used together'],
  ])('%j is a usage error', async (flags, message) => {
    const result = await runCli([express, '--yes', ...flags], express);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('a misspelt command is not "no such folder"', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cdf-cmd-'));
    dirs.push(empty);
    const result = await runCli(['tempaltes', 'eject'], empty);
    expect(result.exit).toBe(2);
    expect(result.stderr).toMatch(/^"tempaltes" is neither a folder nor a command: did you mean create-dockerfile templates\?\n\nUsage:/);
    expect(result.stderr).not.toContain('no such folder');
  });

  it('a flag for another stack is a warning, and the run goes on', async () => {
    const result = await runCli([express, '--yes', '--dry-run', '--python-version', '3.12'], express);
    expect(result.exit).toBe(0);
    expect(result.stdout).toContain('note: --python-version does not apply to a Node.js app and was ignored.');
    const json = await runCli([express, '--yes', '--dry-run', '--json', '--main', './cmd/api'], express);
    expect(JSON.parse(json.stdout).warnings).toContain('--main does not apply to a Node.js app and was ignored.');
  });
});

describe('--json on every exit', () => {
  it('a usage error (exit 2) is a JSON document naming the flag', async () => {
    const result = await runCli([express, '--json', '--port', 'eighty'], express);
    expect(result.exit).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      version: expect.any(String),
      error: { code: 'E_USAGE', message: '--port must be a number from 1 to 65535 (got "eighty").', flag: '--port', exit: 2 },
      detection: null,
    });
  });

  it('no stack (exit 3) says what was found', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cdf-json-'));
    dirs.push(empty);
    const result = await runCli([empty, '--json'], empty);
    expect(result.exit).toBe(3);
    const doc = JSON.parse(result.stdout);
    expect(doc.error).toMatchObject({ code: 'E_NO_STACK', flag: null, exit: 3 });
    expect(doc.detection).toEqual({ stack: null, evidence: [] });
  });

  it('a missing value after detection carries the detection and the flag to pass', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-json-'));
    dirs.push(dir);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'no-entry', version: '1.0.0' }));
    const result = await runCli([dir, '--json'], dir);
    expect(result.exit).toBe(2);
    const doc = JSON.parse(result.stdout);
    expect(doc.error).toMatchObject({ code: 'E_MISSING', flag: '--cmd', exit: 2 });
    expect(doc.detection).toMatchObject({ stack: 'node', startCommand: null });
  });

  it('a successful run has "error": null', async () => {
    const result = await runCli([express, '--json', '--dry-run'], express);
    expect(JSON.parse(result.stdout).error).toBeNull();
  });
});

describe('remembering --only', () => {
  it('a one-off --only is not remembered: the next plain run writes every file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-only-'));
    dirs.push(dir);
    const { cp, readFile } = await import('node:fs/promises');
    await cp(express, dir, { recursive: true });
    expect((await runCli([dir, '--yes', '--only', 'dockerfile', '--port', '8080'], dir)).exit).toBe(0);
    const settings = JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8'));
    expect(settings.options).toEqual({ port: '8080' });
    const again = await runCli([dir, '--yes'], dir);
    expect(again.stdout).toMatch(/^create {4}compose\.yaml$/m);
  });
});
