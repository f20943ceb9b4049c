/**
 * Docker steps of the matrix, on the real engine (../shared/docs/real-engine.md). Every step
 * returns data or throws an Error whose message carries the log lines that explain it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

export const LABEL = 'create-dockerfile-real';
export const ENGINE_SCRIPT = path.resolve(import.meta.dirname, '../../../../shared/tools/docker-engine.sh');

/** The last lines of a log: enough to route a failure, short enough for a report. */
export function tail(text, lines = 12) {
  return String(text ?? '').trim().split('\n').slice(-lines).join('\n');
}

export async function docker(args, options = {}) {
  return execa('docker', args, { reject: false, all: true, timeout: 1_200_000, ...options });
}

/** null when the engine is usable; else why not (the run then stops and says so). */
export async function engineUnavailable() {
  if ((await docker(['info'])).exitCode === 0) return null;
  const up = await execa('bash', [ENGINE_SCRIPT, 'up'], { reject: false, all: true });
  return up.exitCode === 0 ? null : `no Docker engine: ${tail(up.all, 1)}`;
}

/** FROM images of a Dockerfile with ARG defaults substituted, stage names left out. */
export function baseImages(dockerfile) {
  const args = new Map();
  for (const m of dockerfile.matchAll(/^ARG (\w+)=["']?([^\s"']+)["']?$/gm)) args.set(m[1], m[2]);
  const expand = (ref) => ref.replace(/\$\{?(\w+)\}?/g, (_x, name) => args.get(name) ?? '');
  const stages = new Set();
  const images = [];
  for (const m of dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/gim)) {
    const ref = expand(m[1]);
    if (!stages.has(ref.toLowerCase()) && ref !== 'scratch' && !images.includes(ref)) images.push(ref);
    if (m[2] !== undefined) stages.add(m[2].toLowerCase());
  }
  for (const m of dockerfile.matchAll(/COPY\s+(?:--\S+\s+)*--from=(\S+)/g)) {
    const ref = expand(m[1]);
    if (/[:/]/.test(ref) && !stages.has(ref.toLowerCase()) && !images.includes(ref)) images.push(ref);
  }
  // An untagged reference is `:latest` (what the engine resolves `FROM nginx` to).
  return images.map((ref) => (/:[^/]*$|@/.test(ref) ? ref : `${ref}:latest`));
}

/** The base image of the final stage: what "bytes added over the runtime base" is measured on. */
export function runtimeBase(dockerfile, target) {
  const args = new Map();
  for (const m of dockerfile.matchAll(/^ARG (\w+)=["']?([^\s"']+)["']?$/gm)) args.set(m[1], m[2]);
  const froms = [...dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/gim)].map((m) => ({ ref: m[1].replace(/\$\{?(\w+)\}?/g, (_x, n) => args.get(n) ?? ''), stage: m[2]?.toLowerCase() }));
  const byStage = new Map(froms.filter((f) => f.stage).map((f) => [f.stage, f.ref]));
  let ref = (target === undefined ? froms.at(-1) : froms.find((f) => f.stage === target))?.ref;
  while (ref !== undefined && byStage.has(ref.toLowerCase())) ref = byStage.get(ref.toLowerCase());
  return ref;
}

export function stageNames(dockerfile) {
  return [...dockerfile.matchAll(/^FROM\s+.*\s+AS\s+(\S+)\s*$/gim)].map((m) => m[1].toLowerCase());
}

/** The port the final stage exposes (the first EXPOSE after the last FROM). */
export function exposedPort(dockerfile) {
  const last = dockerfile.slice(dockerfile.search(/^FROM[^\n]*$(?![\s\S]*^FROM)/m));
  const m = /^EXPOSE\s+\$?\{?(\w+)\}?/m.exec(last) ?? /^EXPOSE\s+(\d+)/m.exec(dockerfile);
  if (m === null) return null;
  if (/^\d+$/.test(m[1])) return Number(m[1]);
  const arg = new RegExp(`^(?:ARG|ENV)\\s+${m[1]}=(\\d+)`, 'm').exec(dockerfile);
  return arg === null ? null : Number(arg[1]);
}

/** Makes the base images available; a string says why one cannot be (docker-engine.sh exit 3). */
export async function ensureImages(refs) {
  if (refs.length === 0) return null;
  const result = await execa('bash', [ENGINE_SCRIPT, 'images', ...refs], { reject: false, all: true, timeout: 1_200_000 });
  if (result.exitCode === 0) return null;
  if (result.exitCode === 3) return `no stand-in: ${tail(result.all, 1)}`;
  throw new Error(`docker-engine.sh images ${refs.join(' ')} failed:\n${tail(result.all)}`);
}

/** Builds without the `# syntax=` line (its frontend image cannot be pulled offline); seconds. */
export async function build(dir, tag, { dockerfile = 'Dockerfile', target, noCache = false } = {}) {
  const text = readFileSync(path.join(dir, dockerfile), 'utf8');
  writeFileSync(path.join(dir, `${dockerfile}.offline`), text.replace(/^#\s*syntax\s*=.*\n/, ''));
  // The label finds the image a rebuild untags, so that cleanup removes it too.
  const args = ['build', '--progress=plain', '-f', `${dockerfile}.offline`, '-t', tag, '--label', `${LABEL}=${tag}`];
  if (target !== undefined) args.push('--target', target);
  if (noCache) args.push('--no-cache');
  const started = performance.now();
  const result = await docker([...args, '.'], { cwd: dir });
  if (result.exitCode !== 0) throw new Error(`docker build${target ? ` --target ${target}` : ''} failed:\n${buildError(result.all)}`);
  return (performance.now() - started) / 1000;
}

/** The lines of a BuildKit log that say what failed (the ERROR line and the output before it). */
function buildError(log) {
  const lines = String(log).split('\n');
  const error = lines.findIndex((l) => /^ERROR|^error:|ERROR: failed to solve|failed to compute cache key/.test(l));
  return error < 0 ? tail(log) : lines.slice(Math.max(0, error - 10), error + 3).join('\n');
}

export async function imageBytes(ref) {
  const result = await docker(['image', 'inspect', '-f', '{{.Size}}', ref]);
  return result.exitCode === 0 ? Number(result.stdout.trim()) : null;
}

/**
 * Polls until the URL answers below 500; returns its status (redirects are not followed: 3xx
 * counts). A 5xx is an answer too, but dev servers (Nuxt's "Preparing app") answer 503 while they
 * warm up, so polling goes on until the timeout and then reports the last status seen.
 */
export async function waitForHttp(url, timeoutMs = 60_000) {
  const started = Date.now();
  let last = null;
  for (;;) {
    // A ref'd timer: AbortSignal.timeout's is unref'd, and undici's sockets do not hold the event
    // loop either, so a connection that hangs would let the process exit mid-await.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    try {
      const response = await fetch(url, { signal: controller.signal, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status < 500 || Date.now() - started > timeoutMs) return { status: response.status, ms: Date.now() - started };
      last = response.status;
      await new Promise((r) => setTimeout(r, 1000));
    } catch {
      if (Date.now() - started > timeoutMs) return { status: last, ms: Date.now() - started };
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      clearTimeout(timer);
    }
  }
}

export async function containerRunning(container) {
  const result = await docker(['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', container]);
  return result.stdout.trim();
}

export async function waitForHealth(container, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const result = await docker(['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}', container]);
    const status = result.stdout.trim();
    if (status !== 'starting' || Date.now() - started > timeoutMs) return status;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function healthLog(container) {
  const result = await docker(['inspect', '-f', '{{if .State.Health}}{{range .State.Health.Log}}{{.ExitCode}}: {{.Output}}{{end}}{{end}}', container]);
  return tail(result.stdout, 4);
}

/** Uid of the container's main process as the host sees it (works on shell-less images). */
export async function processUid(container) {
  const result = await docker(['top', container, '-o', 'pid,uid']);
  const uid = result.stdout.trim().split('\n')[1]?.trim().split(/\s+/)[1];
  return uid === undefined ? null : Number(uid);
}

export async function stopSeconds(container) {
  const started = performance.now();
  await docker(['stop', container]);
  return (performance.now() - started) / 1000;
}

export async function logs(container) {
  return tail((await docker(['logs', container])).all, 15);
}

/** Removes the containers and every image built under these tags (including untagged ones). */
export async function removeAll({ containers, images }) {
  if (containers.length > 0) await docker(['rm', '-f', ...containers]);
  const ids = [];
  for (const tag of images) ids.push(...(await docker(['images', '-q', '--filter', `label=${LABEL}=${tag}`])).stdout.split('\n').filter(Boolean));
  if (images.length > 0 || ids.length > 0) await docker(['rmi', '-f', ...images, ...new Set(ids)]);
}
