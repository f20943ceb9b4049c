import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { engineUnavailable, ensureImages } from '../e2e/engine.js';
import { copyFixture } from '../helpers.js';
import { imageSlug } from '../../src/verify/parse.js';

/** The engine on these machines cannot pull the `# syntax=` frontend (../shared/docs/real-engine.md). */
export const OFFLINE_ENV = { CI: 'true', CREATE_DOCKERFILE_VERIFY_STRIP_SYNTAX: '1' };

/** null when real-engine tests can run; else why not (printed, never a silent pass). */
export async function engineSkipReason(): Promise<string | null> {
  const reason = await engineUnavailable();
  if (reason !== null) return reason;
  return ensureImages(['node:26-trixie-slim']);
}

/** A writable copy of the express fixture, with an optional edit before generation. */
export async function expressApp(edit?: (dir: string) => Promise<void>): Promise<string> {
  const dir = await copyFixture('node-npm-express');
  if (edit !== undefined) await edit(dir);
  return dir;
}

export async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(file, text.replace(from, to));
}

/** Containers and images `--verify` left behind for the repo in `dir` (must be none). */
export async function leftovers(dir: string): Promise<string[]> {
  const slug = imageSlug(path.basename(dir));
  const containers = await execa('docker', ['ps', '-a', '--filter', `name=create-dockerfile-verify-${slug}-`, '--format', '{{.Names}}']);
  const images = await execa('docker', ['images', '--filter', `reference=create-dockerfile-verify/${slug}`, '--format', '{{.Repository}}:{{.Tag}}']);
  return [...containers.stdout.split('\n'), ...images.stdout.split('\n')].filter((line) => line.trim() !== '');
}

/** Removes whatever a failed assertion may have left, so one broken test does not litter the engine. */
export async function forceCleanup(dir: string): Promise<void> {
  for (const name of await leftovers(dir)) {
    await execa('docker', [name.includes(':') ? 'rmi' : 'rm', '-f', name], { reject: false });
  }
}
