/**
 * One app through the matrix: generate with our CLI (or the peer's), build on the real engine,
 * run, probe, and measure. Each check is recorded as data, a failure with the log lines that
 * explain it; nothing here decides whether a failure was expected (verdict.mjs does).
 */
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import * as engine from './engine.mjs';
import { composeAnswers } from './compose.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// The CLI as npx runs it: the package's own bin entry.
const CLI = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin['create-dockerfile']);
const PEER = path.join(ROOT, 'node_modules/@flydotio/dockerfile/index.js');

/** Appends a line no earlier run wrote (BuildKit's cache is content-addressed). */
function oneLineChange(file) {
  const mark = `one-line change ${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const comment = /\.(py|toml|ya?ml)$/.test(file) ? `# ${mark}` : /\.(vue|svelte|astro|html)$/.test(file) ? `<!-- ${mark} -->` : `// ${mark}`;
  appendFileSync(file, `\n${comment}\n`);
}

async function probeAll(app, port) {
  const answers = [];
  for (const probe of app.probe) {
    const { status, ms } = await engine.waitForHttp(`http://127.0.0.1:${port}${probe.path}`, answers.length === 0 ? 90_000 : 10_000);
    const expected = probe.status ?? '2xx/3xx';
    const ok = status !== null && (probe.status === undefined ? status >= 200 && status < 400 : status === probe.status);
    answers.push({ path: probe.path, status, expected, ok, ms });
  }
  return answers;
}

/**
 * Build, run, probe, health, user, stop, rebuild, size for one generated Dockerfile in `dir`.
 * `result.checks` collects what passed; the first failing step throws after recording itself.
 */
async function buildAndRun(app, dir, side, hostPort, result, cleanup, dockerfileName = 'Dockerfile') {
  const dockerfile = readFileSync(path.join(dir, dockerfileName), 'utf8');
  // A reference Docker cannot parse (an empty ARG default: `oven/bun:-slim`) is left to the
  // build, whose error is the result.
  const refs = engine.baseImages(dockerfile).filter((ref) => /^[a-z0-9][\w./-]*(:\w[\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(ref));
  const missing = await engine.ensureImages(refs);
  if (missing !== null) {
    result.skipped = missing;
    return;
  }
  const tag = `matrix-real/${app.name}-${side}:run`;
  cleanup.images.push(tag);
  result.coldSeconds = await step(result, 'build', () => engine.build(dir, tag, { dockerfile: dockerfileName, noCache: true }));
  const port = engine.exposedPort(dockerfile) ?? 3000;
  const container = `matrix-real-${app.name}-${side}`;
  cleanup.containers.push(container);
  await engine.docker(['rm', '-f', container]);
  const run = await engine.docker(['run', '-d', '--name', container, '-p', `127.0.0.1:${hostPort}:${port}`, tag]);
  if (run.exitCode !== 0) fail(result, 'run', engine.tail(run.all));
  result.port = port;
  result.probes = await probeAll(app, hostPort);
  if (!result.probes.every((p) => p.ok)) {
    const state = await engine.containerRunning(container);
    const detail = `${result.probes.map((p) => `${p.path} → ${p.status ?? 'no answer'}`).join(', ')} (running/exit: ${state})\n${await engine.logs(container)}`;
    // A server that answers its first path but not a later one (an SPA's deep route) still runs:
    // the remaining checks and figures are still worth having.
    if (!result.probes[0].ok) fail(result, 'answers', detail);
    result.failures.push({ step: 'answers', detail });
  } else {
    result.checks.answers = true;
  }
  result.health = await engine.waitForHealth(container);
  result.checks.healthy = result.health === 'healthy';
  if (!result.checks.healthy) result.failures.push({ step: 'healthy', detail: `health: ${result.health}\n${await engine.healthLog(container)}` });
  result.uid = await engine.processUid(container);
  result.checks.nonRoot = result.uid !== null && result.uid !== 0;
  if (!result.checks.nonRoot) result.failures.push({ step: 'non-root', detail: `process uid ${result.uid}` });
  result.stopSeconds = await engine.stopSeconds(container);
  // 137 means SIGKILL after the grace period (SIGTERM ignored); anything else, a slow but clean exit.
  result.stopExitCode = Number((await engine.docker(['inspect', '-f', '{{.State.ExitCode}}', container])).stdout.trim());
  result.checks.stopsFast = result.stopSeconds < 3;
  if (!result.checks.stopsFast) result.failures.push({ step: 'stop', detail: `docker stop took ${result.stopSeconds.toFixed(1)} s, exit code ${result.stopExitCode}\n${await engine.logs(container)}` });
  result.imageBytes = await engine.imageBytes(tag);
  const base = engine.runtimeBase(dockerfile);
  const baseBytes = base === undefined ? 0 : await engine.imageBytes(base);
  result.addedBytes = result.imageBytes === null || baseBytes === null ? null : result.imageBytes - baseBytes;
  const source = path.join(dir, app.source);
  if (existsSync(source)) {
    oneLineChange(source);
    result.rebuildSeconds = await step(result, 'rebuild', () => engine.build(dir, tag, { dockerfile: dockerfileName }));
  } else {
    result.failures.push({ step: 'rebuild', detail: `no ${app.source} to change` });
  }
}

function fail(result, stepName, detail) {
  result.failures.push({ step: stepName, detail });
  throw new StepFailed();
}

class StepFailed extends Error {}

async function step(result, stepName, action) {
  try {
    return await action();
  } catch (error) {
    if (error instanceof StepFailed) throw error;
    fail(result, stepName, error.message);
  }
}

function freshCopy(appDir, work) {
  rmSync(work, { recursive: true, force: true });
  cpSync(appDir, work, { recursive: true });
  return work;
}

/** Our side: the CLI with --yes, then the whole list of checks of issue 16. */
export async function checkOurs(app, appDir, workRoot, hostPort) {
  const dir = freshCopy(appDir, path.join(workRoot, app.name, 'ours'));
  const cleanup = { containers: [], images: [] };
  const result = { checks: {}, failures: [] };
  const started = performance.now();
  try {
    const cli = await execa('node', [CLI, dir, '--yes', ...(app.args ?? [])], { cwd: dir, reject: false, all: true, timeout: 120_000 });
    result.exitCode = cli.exitCode;
    if (cli.exitCode !== 0) {
      result.message = engine.tail(cli.all, 6);
      if (app.expect !== 'refused') fail(result, 'generate', result.message);
      return result;
    }
    result.checks.generated = true;
    // A workspace member's Dockerfile sits in the member's folder; the build context is the root.
    const dockerfileName = app.dockerfile ?? 'Dockerfile';
    await buildAndRun(app, dir, 'ours', hostPort, result, cleanup, dockerfileName);
    if (result.skipped !== undefined) return result;
    const stages = engine.stageNames(readFileSync(path.join(dir, dockerfileName), 'utf8'));
    for (const target of ['development', 'test']) {
      if (!stages.includes(target)) {
        result.failures.push({ step: `target ${target}`, detail: 'no such stage' });
        continue;
      }
      const tag = `matrix-real/${app.name}-ours:${target}`;
      cleanup.images.push(tag);
      try {
        await engine.build(dir, tag, { dockerfile: dockerfileName, target });
        result.checks[`${target}Target`] = true;
      } catch (error) {
        result.failures.push({ step: `target ${target}`, detail: error.message });
      }
    }
    const compose = await composeAnswers(app, dir, hostPort + 1);
    result.checks.composeDev = compose.ok;
    if (!compose.ok) result.failures.push({ step: 'compose dev', detail: compose.detail });
  } catch (error) {
    if (!(error instanceof StepFailed)) result.failures.push({ step: 'harness', detail: error.stack ?? String(error) });
  } finally {
    result.seconds = (performance.now() - started) / 1000;
    await engine.removeAll(cleanup);
  }
  return result;
}

/** The peer: @flydotio/dockerfile (pinned devDependency) on a copy, the same build and probes. */
export async function checkPeer(app, appDir, workRoot, hostPort) {
  const dir = freshCopy(appDir, path.join(workRoot, app.name, 'peer'));
  const cleanup = { containers: [], images: [] };
  const result = { checks: {}, failures: [] };
  const started = performance.now();
  try {
    const peer = await execa('node', [PEER, '--force'], { cwd: dir, reject: false, all: true, timeout: 300_000, env: { CI: '1' } });
    result.exitCode = peer.exitCode;
    if (peer.exitCode !== 0 || !existsSync(path.join(dir, 'Dockerfile'))) fail(result, 'generate', engine.tail(peer.all, 6));
    result.checks.generated = true;
    await buildAndRun(app, dir, 'peer', hostPort, result, cleanup);
  } catch (error) {
    if (!(error instanceof StepFailed)) result.failures.push({ step: 'harness', detail: error.stack ?? String(error) });
  } finally {
    result.seconds = (performance.now() - started) / 1000;
    await engine.removeAll(cleanup);
  }
  return result;
}
