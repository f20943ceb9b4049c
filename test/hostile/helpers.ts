import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { expect } from 'vitest';
import { ROOT, runMain as runInProcess } from '../helpers.js';

/** The built CLI, for hostile cases that need a process of their own (see runMain for the others). */
export const CLI = path.join(ROOT, 'dist/cli.js');

export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it) before these tests.');
}

/** A file tree: text, bytes, or a symlink (`{ link: target }`). Folders come from the paths. */
export type Tree = Record<string, string | Buffer | { link: string }>;

export async function makeRepo(tree: Tree, prefix = 'cdf-hostile-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await addFiles(dir, tree);
  return dir;
}

export async function addFiles(dir: string, tree: Tree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const abs = path.join(dir, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) await symlink(content.link, abs);
    else await writeFile(abs, content);
  }
}

export async function removeRepo(dir: string): Promise<void> {
  spawnSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' });
  await chmodTree(dir).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(path.join(dir, entry.name));
  }
}

/**
 * Every entry under `dir` (links not followed) → type, mode and content hash or link target.
 * Two equal snapshots mean the run changed nothing: no file written, moved, re-moded or added.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(rel: string): Promise<void> {
    const abs = path.join(dir, rel);
    const info = await lstat(abs);
    const mode = (info.mode & 0o7777).toString(8);
    if (info.isSymbolicLink()) out[rel] = `link ${await readlink(abs)}`;
    else if (info.isFile()) out[rel] = `file ${mode} ${createHash('sha256').update(await readFile(abs)).digest('hex')}`;
    else if (info.isDirectory()) {
      out[rel] = `dir ${mode}`;
      for (const name of (await readdir(abs)).sort()) await walk(path.join(rel, name));
    } else out[rel] = `other ${mode}`;
  }
  await walk('.');
  return out;
}

export interface BinRun {
  readonly exit: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BinOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Run as this uid/gid via setpriv (tests run as root, which ignores file modes). */
  readonly asUser?: number;
  readonly timeoutMs?: number;
}

/** Runs `node dist/cli.js …` and waits; a hang fails the test through the timeout. */
export function runBin(args: readonly string[], options: BinOptions = {}): Promise<BinRun> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), CI: 'true', ...options.env };
  const command = options.asUser === undefined ? process.execPath : 'setpriv';
  const prefix = options.asUser === undefined ? [] : [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', process.execPath];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, CLI, ...args], { cwd: options.cwd ?? os.tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (exit, signal) => {
      clearTimeout(timer);
      resolve({ exit, signal, stdout, stderr });
    });
  });
}

/**
 * Runs the CLI in-process through main(), the function the bin hands its arguments to: the same
 * exit code, stdout and stderr (messages and their escaping), without starting Node.js for each
 * case. Cases that need a process (another user, a hang, a signal) use runBin.
 */
export async function runMain(args: readonly string[], options: Pick<BinOptions, 'cwd' | 'env'> = {}): Promise<BinRun> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), CI: 'true', ...options.env };
  return { ...(await runInProcess(args, options.cwd ?? os.tmpdir(), env)), signal: null };
}

/** A clean refusal: the exit code, one message naming the file and the problem, and no stack trace. */
export function expectCleanError(r: BinRun, expected: { exit: number; file: string; problem: RegExp }): void {
  expect(r.signal, 'the CLI was killed (hang?)').toBeNull();
  expect(r.exit, `stderr: ${r.stderr}`).toBe(expected.exit);
  expect(r.stderr).toContain(expected.file);
  expect(r.stderr).toMatch(expected.problem);
  expectNoStackTrace(r);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

export function expectNoStackTrace(r: BinRun): void {
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at .+[(:]\d+/m);
}

/** The generated files of a `--json` run, by path. */
export function jsonFiles(stdout: string): Record<string, string> {
  const doc = JSON.parse(stdout) as { files: { path: string; contents: string }[] };
  return Object.fromEntries(doc.files.map((f) => [f.path, f.contents]));
}

/**
 * The Dockerfile's instructions as the parser sees them: `FROM`, `RUN`… with the stage name for
 * FROM. Two equal lists mean no input smuggled a line in (a newline in a value would add one).
 */
export function instructionKeywords(dockerfile: string): string[] {
  return DockerfileParser.parse(dockerfile).getInstructions().map((i) => i.getKeyword());
}

/** Non-comment, non-blank logical lines that do not start with a known keyword (escaped continuations excluded). */
export function strayLines(dockerfile: string): string[] {
  const known = /^(FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b/i;
  const lines = dockerfile.split('\n');
  const stray: string[] = [];
  let continued = false;
  for (const line of lines) {
    const t = line.trim();
    if (!continued && t !== '' && !t.startsWith('#') && !known.test(t)) stray.push(line);
    continued = t.endsWith('\\') || (continued && t.startsWith('#'));
  }
  return stray;
}

/** True when file modes are enforced for this process (false for root without a way to drop privileges). */
export function canDropPrivileges(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
}

export const NOBODY = 65534;

/** A minimal valid Express app; tests add or replace files to make it hostile. */
export function expressApp(pkg: Record<string, unknown> = {}): Tree {
  return {
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' }, ...pkg }, null, 2),
    'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages: {} }),
    'server.js': "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n",
  };
}
