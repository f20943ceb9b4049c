import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT, runCli, runMain, type JsonOutput } from './helpers.js';

/** The built CLI as a process: exit codes, stdout discipline, conflicts and idempotent re-runs. */
const CLI = path.join(ROOT, 'dist/cli.js');
const dirs: string[] = [];

async function cli(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], { cwd, reject: false, env: { CI: 'true', ...env }, stdin: 'ignore' });
}

async function fixture(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe('create-dockerfile as a process', () => {
  it('prints help generated from the flag table, and the version', async () => {
    const help = await cli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--package-manager <name>');
    expect(help.stdout).toContain('Exit codes:');
    const version = await cli(['--version']);
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('`help`, `templates` with no verb and a misspelt command give usage, not "no such folder"', async () => {
    const empty = await fixture('none-readme-only');
    const help = await cli(['help'], empty);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: create-dockerfile \[dir\] \[flags\]$/m);
    const templates = await cli(['templates'], empty);
    expect(templates.exitCode).toBe(2);
    expect(templates.stderr).toContain('templates needs a command: eject or list.');
    expect(templates.stderr).toMatch(/^Usage: create-dockerfile templates eject/m);
    const typo = await cli(['lnit'], empty);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('"lnit" is neither a folder nor a command: did you mean create-dockerfile lint?');
    expect(`${help.stderr}${templates.stderr}${typo.stderr}`).not.toContain('no such folder');
  });

  it('exits 2 for an unknown flag or a bad value, naming it', async () => {
    const unknown = await cli(['--frobnicate']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('frobnicate');
    const port = await cli(['--port', '3000; rm -rf /']);
    expect(port.exitCode).toBe(2);
    expect(port.stderr).toContain('--port');
  });

  it('exits 3 when no stack is found, saying what was looked for and how to choose', async () => {
    const dir = await fixture('none-readme-only');
    const result = await cli([dir, '--yes']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/Looked for: package\.json/);
    expect(result.stderr).toContain('--stack');
  });

  it('exits 2 naming --cmd when no start command can be found and no prompt is possible', async () => {
    const dir = await fixture('none-readme-only');
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'no-entry', version: '1.0.0' }));
    const result = await cli([dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('The start command could not be detected and no prompt is possible here. Add a "start" script to package.json');
    expect(result.stderr).toContain('--cmd');
    expect(await readdir(dir)).not.toContain('Dockerfile');
  });

  it('--json prints exactly one JSON document on stdout with the contract fields', async () => {
    const dir = await fixture('node-npm-express');
    const result = await cli([dir, '--yes', '--dry-run', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout) as JsonOutput;
    expect(json.detection).toMatchObject({ stack: 'node', packageManager: 'npm', framework: 'express', startCommand: ['node', 'server.js'], port: 3000 });
    expect(json.detection.evidence.length).toBeGreaterThan(0);
    expect(json.files.map((f) => [f.path, f.status])).toContainEqual(['Dockerfile', 'create']);
    expect(await readdir(dir)).not.toContain('Dockerfile');
  });

  it('--dry-run writes nothing and prints a summary; --diff adds the full diffs', async () => {
    const dir = await fixture('node-npm-express');
    const result = await cli([dir, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^create {4}Dockerfile +\d+\.\d kB +\d+ lines$/m);
    expect(result.stdout).not.toContain('+++');
    expect(result.stdout).toMatch(/Dry run: nothing was written\. See the files in full: add --diff\.$/m);
    const full = await cli([dir, '--diff']);
    expect(full.stdout).toContain('--- Dockerfile (not on disk yet)\n+++ Dockerfile (generated)\n');
    expect(full.stdout).not.toMatch(/\t$/m);
    expect(await readdir(dir)).not.toContain('Dockerfile');
  });

  it('writes, then reproduces the same files on a re-run with no flags', async () => {
    const dir = await fixture('node-npm-express');
    const first = await cli([dir, '--yes', '--port', '8080']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 8080');
    const settings = JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8')) as { options: Record<string, string> };
    expect(settings.options).toEqual({ port: '8080' });
    const again = await cli([dir, '--json']);
    expect(again.exitCode).toBe(0);
    const statuses = (JSON.parse(again.stdout) as JsonOutput).files.map((f) => f.status);
    expect(new Set(statuses)).toEqual(new Set(['identical']));
  });

  it('leaves a differing file alone and exits 4 without --force; --force and --skip-existing resolve it', async () => {
    const dir = await fixture('node-npm-express');
    // The first write is only the setting: in-process; the conflict it sets up goes through the bin.
    expect((await runCli([dir, '--yes'], dir)).exit).toBe(0);
    const dockerfile = path.join(dir, 'Dockerfile');
    await writeFile(dockerfile, 'FROM scratch\n# my own\n');
    const conflict = await cli([dir, '--yes']);
    expect(conflict.exitCode).toBe(4);
    expect(conflict.stdout).toMatch(/^conflict\s+Dockerfile$/m);
    expect(await readFile(dockerfile, 'utf8')).toBe('FROM scratch\n# my own\n');
    const skip = await cli([dir, '--yes', '--skip-existing']);
    expect(skip.exitCode).toBe(0);
    expect(await readFile(dockerfile, 'utf8')).toBe('FROM scratch\n# my own\n');
    const force = await cli([dir, '--yes', '--force']);
    expect(force.exitCode).toBe(0);
    expect(force.stdout).toMatch(/^overwrite\s+Dockerfile$/m);
    expect(await readFile(dockerfile, 'utf8')).toContain('AS production');
  });

  it('lint exits 0 on a generated Dockerfile and 1 on a bad one', async () => {
    const dir = await fixture('node-npm-express');
    expect((await runCli([dir, '--yes'], dir)).exit).toBe(0);
    expect((await cli(['lint', path.join(dir, 'Dockerfile')])).exitCode).toBe(0);
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM node\nRUN cd /app && npm install\nCMD npm start\n');
    const bad = await cli(['lint', path.join(dir, 'Dockerfile')]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain('DL3006');
  });
});

/** A flag's effect, not the process: in-process through main(), what the bin calls. */
describe('--package-manager over what the repo says', () => {
  it('installs with the requested Node.js manager, unfrozen, and refuses a manager of another stack', async () => {
    const dir = await fixture('node-npm-express');
    const result = await runMain([dir, '--yes', '--dry-run', '--json', '--package-manager', 'pnpm'], dir);
    expect(result.exit, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as JsonOutput;
    expect(json.detection.packageManager).toBe('pnpm');
    const dockerfile = json.files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
    expect(dockerfile).toContain('pnpm install --store-dir /pnpm/store --prod');
    expect(dockerfile).not.toContain('npm ci');
    const wrong = await runMain([dir, '--yes', '--dry-run', '--package-manager', 'poetry'], dir);
    expect(wrong.exit).toBe(2);
    expect(wrong.stderr).toContain('not a Node.js package manager');
  });
});
