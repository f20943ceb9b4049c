import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll } from 'vitest';
import { removeDir, ROOT } from '../helpers.js';

/** Shared helpers for the real-engine suites (../shared/docs/real-engine.md). */

export const ENGINE_SCRIPT = path.resolve(ROOT, '../shared/tools/docker-engine.sh');
export const REPORT_ROWS = path.join(ROOT, 'test/.tmp/e2e-rows.jsonl');

/** null when the engine is usable; else the reason to skip (never a silent pass). */
export async function engineUnavailable(): Promise<string | null> {
  const info = await execa('docker', ['info'], { reject: false });
  if (info.exitCode === 0) return null;
  const up = await execa('bash', [ENGINE_SCRIPT, 'up'], { reject: false });
  if (up.exitCode === 0) return null;
  return `no Docker engine: ${up.stderr.trim().split('\n').pop() ?? 'docker-engine.sh up failed'}`;
}

/** Makes base images available; returns the reason when one has no stand-in (exit 3). */
export async function ensureImages(refs: readonly string[]): Promise<string | null> {
  const result = await execa('bash', [ENGINE_SCRIPT, 'images', ...refs], { reject: false });
  if (result.exitCode === 0) return null;
  if (result.exitCode === 3) return result.stderr.trim().split('\n').pop() ?? 'no stand-in image';
  throw new Error(`docker-engine.sh images failed: ${result.stderr}`);
}

/** FROM images of a Dockerfile with its ARG defaults substituted (the base images to stand in). */
export function baseImages(dockerfile: string): string[] {
  const args = new Map<string, string>();
  for (const m of dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)) args.set(m[1] as string, m[2] as string);
  const stages = new Set<string>();
  const images = new Set<string>();
  for (const m of dockerfile.matchAll(/^FROM (?:--platform=\S+ )?(\S+)(?: AS (\S+))?$/gm)) {
    const ref = (m[1] as string).replace(/\$\{(\w+)\}/g, (_x, name: string) => args.get(name) ?? '');
    if (!stages.has(ref) && ref !== 'scratch') images.add(ref);
    if (m[2] !== undefined) stages.add(m[2]);
  }
  for (const m of dockerfile.matchAll(/COPY --from=([\w./:-]+[:/][\w./:-]+)/g)) images.add((m[1] as string).replace(/\$\{(\w+)\}/g, (_x, n: string) => args.get(n) ?? ''));
  return [...images];
}

/** Builds without the `# syntax=` line: the frontend image cannot be pulled offline. */
export async function build(dir: string, tag: string, options: { target?: string; noCache?: boolean } = {}): Promise<number> {
  const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
  await writeFile(path.join(dir, 'Dockerfile.offline'), dockerfile.replace(/^# syntax=.*\n/, ''));
  const args = ['build', '-q', '-f', 'Dockerfile.offline', '-t', tag];
  if (options.target !== undefined) args.push('--target', options.target);
  if (options.noCache === true) args.push('--no-cache');
  const started = performance.now();
  const result = await execa('docker', [...args, '.'], { cwd: dir, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`docker build ${options.target ?? ''} failed:\n${result.all}`);
  return (performance.now() - started) / 1000;
}

export async function imageSize(ref: string): Promise<number> {
  const { stdout } = await execa('docker', ['image', 'inspect', '-f', '{{.Size}}', ref]);
  return Number(stdout.trim());
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return { status: response.status, ms: Date.now() - started };
    } catch {
      if (Date.now() - started > timeoutMs) throw new Error(`${url} never answered`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

export async function waitForHealth(container: string, timeoutMs = 90_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const { stdout } = await execa('docker', ['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}', container]);
    const status = stdout.trim();
    if (status === 'healthy' || status === 'none' || Date.now() - started > timeoutMs) return status;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Uid of the container's main process, as the host sees it (works on shell-less images). */
export async function processUid(container: string): Promise<number> {
  const { stdout } = await execa('docker', ['top', container, '-o', 'pid,uid']);
  return Number(stdout.trim().split('\n')[1]?.trim().split(/\s+/)[1]);
}

export async function stopSeconds(container: string): Promise<number> {
  const started = performance.now();
  await execa('docker', ['stop', container]);
  return (performance.now() - started) / 1000;
}

export async function cleanup(containers: readonly string[], images: readonly string[]): Promise<void> {
  if (containers.length > 0) await execa('docker', ['rm', '-f', ...containers], { reject: false });
  if (images.length > 0) await execa('docker', ['rmi', '-f', ...images], { reject: false });
}

/** What an engine suite made, removed after its tests, and whether the engine can run them at all. */
export interface EngineSuite {
  /** Why the engine cannot run the suite (each test skips with it), or null; known once beforeAll ran. */
  unavailable: string | null;
  readonly containers: string[];
  readonly images: string[];
  readonly dirs: string[];
}

/** Registers the engine check and the clean-up of an engine suite; call at the top of the test file. */
export function engineSuite(name: string): EngineSuite {
  const suite: EngineSuite = { unavailable: null, containers: [], images: [], dirs: [] };
  beforeAll(async () => {
    suite.unavailable = await engineUnavailable();
    if (suite.unavailable !== null) console.warn(`${name} skipped: ${suite.unavailable}`);
  });
  afterAll(async () => {
    await cleanup(suite.containers, suite.images);
    await Promise.all(suite.dirs.map(removeDir));
  });
  return suite;
}

export interface ReportRow {
  fixture: string;
  coldSeconds: number;
  rebuildSeconds: number | null;
  imageBytes: number;
  addedBytes: number | null;
  note?: string;
}

/** One line per measured fixture; .ci/run prints the table (test/e2e/print-report.mjs). */
export async function recordRow(row: ReportRow): Promise<void> {
  await mkdir(path.dirname(REPORT_ROWS), { recursive: true });
  await appendFile(REPORT_ROWS, `${JSON.stringify(row)}\n`);
}

/**
 * Appends a comment line that no earlier run wrote: BuildKit's cache is content-addressed, so a
 * change identical to an earlier run's would be a cache hit and measure nothing.
 */
export async function oneLineChange(file: string, comment: '//' | '#'): Promise<void> {
  await appendFile(file, `\n${comment} one-line change ${Date.now()}-${Math.random().toString(36).slice(2)}\n`);
}
