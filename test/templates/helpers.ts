import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runTemplates } from '../../src/templates/command.js';
import type { Io } from '../../src/types.js';
import { runCli, type JsonOutput, type TestRun } from '../helpers.js';

export { VERSION } from '../../src/version.js';

/** `create-dockerfile templates …` in-process (cli.ts routes it; tests call it directly). */
export async function runTemplatesCli(argv: string[], cwd: string): Promise<TestRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: Io = { cwd, env: { CI: 'true' }, stdin: new PassThrough(), stdout, stderr, isTTY: false };
  try {
    return { exit: await runTemplates(argv, io), stdout: out, stderr: err };
  } catch (error) {
    const e = error as { exit?: number; message: string };
    if (e.exit === undefined) throw error;
    return { exit: e.exit, stdout: out, stderr: err + e.message };
  }
}

/** The generated files of a dry run, by path (the settings file left out). */
export async function generated(dir: string, args: string[] = []): Promise<Map<string, string>> {
  const result = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  if (result.exit !== 0) throw new Error(`exit ${result.exit}: ${result.stderr}`);
  const json = JSON.parse(result.stdout) as JsonOutput;
  return new Map(json.files.filter((f) => f.path !== '.create-dockerfile.json').map((f) => [f.path, f.contents]));
}

export async function put(dir: string, rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  await writeFile(path.join(dir, rel), text);
}

export async function read(dir: string, rel: string): Promise<string> {
  return readFile(path.join(dir, rel), 'utf8');
}
