import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

/** Go-specific real-engine helpers; the generic ones live in ./engine.ts. */

/** The image's configured USER (`docker inspect .Config.User`). */
export async function configuredUser(ref: string): Promise<string> {
  const { stdout } = await execa('docker', ['image', 'inspect', '-f', '{{.Config.User}}', ref]);
  return stdout.trim();
}

/** Files in the image's filesystem, listed from an exported container (the image has no shell). */
export async function imageFiles(ref: string): Promise<string[]> {
  const { stdout: id } = await execa('docker', ['create', ref]);
  try {
    const { stdout } = await execa('bash', ['-c', `docker export ${id.trim()} | tar -t`]);
    return stdout.split('\n').map((f) => f.replace(/^\.?\//, '')).filter((f) => f !== '');
  } finally {
    await execa('docker', ['rm', '-f', id.trim()], { reject: false });
  }
}

/** Builds a target and reports whether it succeeded (for targets that must fail, like a failing test). */
export async function buildTarget(dir: string, tag: string, target: string): Promise<{ ok: boolean; output: string }> {
  const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
  await writeFile(path.join(dir, 'Dockerfile.offline'), dockerfile.replace(/^# syntax=.*\n/, ''));
  const result = await execa('docker', ['build', '--progress=plain', '-f', 'Dockerfile.offline', '--target', target, '-t', tag, '.'], { cwd: dir, reject: false, all: true });
  return { ok: result.exitCode === 0, output: result.all ?? '' };
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
