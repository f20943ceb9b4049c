import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { main } from '../src/main.js';
import { run } from '../src/run.js';
import type { Io } from '../src/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = path.join(ROOT, 'test/fixtures');

export interface FixtureSpec {
  /** Extra CLI flags for this fixture (e.g. ["--base", "scratch"]). */
  readonly args?: string[];
  readonly expect?: { stack?: string; port?: number | null; exit?: number };
}

export async function listFixtures(): Promise<{ name: string; dir: string; spec: FixtureSpec }[]> {
  const names = (await readdir(FIXTURES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const dir = path.join(FIXTURES, name);
      const specFile = path.join(dir, 'fixture.json');
      const spec = existsSync(specFile) ? (JSON.parse(await readFile(specFile, 'utf8')) as FixtureSpec) : {};
      return { name, dir, spec };
    }),
  );
}

export interface TestRun {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A non-interactive Io whose stdout and stderr are kept as text. */
function captured(cwd: string, env: Record<string, string>): { io: Io; text: () => { stdout: string; stderr: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { cwd, env, stdin: new PassThrough(), stdout, stderr, isTTY: false }, text: () => ({ stdout: out, stderr: err }) };
}

/** Runs the CLI in-process, non-interactively, with captured output. */
export async function runCli(argv: string[], cwd: string, env: Record<string, string> = { CI: 'true' }): Promise<TestRun> {
  const { io, text } = captured(cwd, env);
  let exit: number;
  let message = '';
  try {
    exit = await run(argv, io);
  } catch (error) {
    const e = error as { exit?: number; message: string };
    if (e.exit === undefined) throw error;
    message = e.message;
    exit = e.exit;
  }
  return { exit, stdout: text().stdout, stderr: text().stderr + message };
}

/**
 * Runs a command line in-process through main(), the function the bin hands its arguments to:
 * subcommands (lint, templates) included, and a failure as the exit code and message a user
 * reads, without starting Node.js.
 */
export async function runMain(argv: readonly string[], cwd: string, env: Record<string, string> = { CI: 'true' }): Promise<TestRun> {
  const { io, text } = captured(cwd, env);
  const exit = await main(argv, io);
  return { exit, ...text() };
}

export interface JsonOutput {
  version: string;
  detection: { stack: string; packageManager: string | null; languageVersion: string | null; framework: string | null; startCommand: string[]; port: number | null; evidence: { file: string; reason: string }[] };
  files: { path: string; status: string; contents: string }[];
}

/** Copies a fixture to a temp folder so a test can write into it. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cdf-${name}-`));
  await cp(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * A maker of small repos: each call writes `files` (path → text) into a new temp folder named
 * `<prefix>…`; the folders are removed after the test file's tests. Call at the top of a test file.
 */
export function tempRepos(prefix: string): (files: Readonly<Record<string, string>>) => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map(removeDir));
  });
  return async (files) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    made.push(dir);
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    return dir;
  };
}

/** The generator version changes on every release; snapshots should not. */
export function normalize(text: string, version: string): string {
  return text.split(`create-dockerfile ${version}`).join('create-dockerfile <version>');
}
