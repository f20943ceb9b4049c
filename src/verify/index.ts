import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io, Plan } from '../types.js';
import { buildImage, STRIP_SYNTAX_ENV } from './build.js';
import { processUids, startContainer, waitUntilReady } from './container.js';
import { dockerCli, DockerMissing, type Docker } from './docker.js';
import { formatFailure, formatReport, Interrupted, VerifyFailure, type Measurements } from './outcome.js';
import { imageSlug, parseImageFacts, rootProblem } from './parse.js';
import { createProgress, type Progress } from './progress.js';

export interface VerifyOptions {
  /** `--json` was given: stdout already holds the JSON document, so everything goes to stderr. */
  readonly json?: boolean;
  /** Stops the verification (then it cleans up and returns 130). Default: SIGINT and SIGTERM. */
  readonly signal?: AbortSignal;
}

/** How long the app gets to answer (or turn healthy) after `docker run`; generous for slow JVMs. */
export const DEFAULT_TIMEOUT_MS = 90_000;
export const TIMEOUT_ENV = 'CREATE_DOCKERFILE_VERIFY_TIMEOUT';

/**
 * `--verify`: builds the written Dockerfile with the local engine, runs it, waits for it to
 * answer, and reports build time, image size, uid and time to answer. Exit 0 verified,
 * 1 not verified (the message says which check failed), 130 interrupted. The container and the
 * image are always removed; the build cache is kept so the user's next build is fast.
 */
export async function verify(root: string, plan: Plan, io: Io, options: VerifyOptions = {}): Promise<ExitCode> {
  const controller = new AbortController();
  const stopOnSignal = options.signal === undefined ? onInterrupt(() => controller.abort()) : forward(options.signal, controller);
  const out = options.json === true ? io.stderr : io.stdout;
  const progress = await createProgress(io, out);
  const docker = cancellable(dockerCli(io), controller.signal);
  const slug = imageSlug(basename(root));
  const nonce = randomBytes(4).toString('hex');
  const names = { image: `create-dockerfile-verify/${slug}:${nonce}`, container: `create-dockerfile-verify-${slug}-${nonce}` };
  const created = { image: false, container: false };
  try {
    const measured = await steps(docker, progress, { root, plan, io, names, created, signal: controller.signal });
    out.write(formatReport(measured));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Interrupted || controller.signal.aborted) {
      progress.dispose();
      io.stderr.write('verify: interrupted; removing the test container and image.\n');
      return EXIT.cancelled;
    }
    if (error instanceof DockerMissing) {
      io.stderr.write('verify failed: the docker CLI was not found on PATH: install Docker, or run without --verify.\n');
      return EXIT.unexpected;
    }
    if (!(error instanceof VerifyFailure)) throw error;
    io.stderr.write(formatFailure(error));
    return EXIT.unexpected;
  } finally {
    await cleanUp(dockerCli(io), names, created);
    stopOnSignal();
  }
}

interface Context {
  readonly root: string;
  readonly plan: Plan;
  readonly io: Io;
  readonly names: { readonly image: string; readonly container: string };
  readonly created: { image: boolean; container: boolean };
  readonly signal: AbortSignal;
}

async function steps(docker: Docker, progress: Progress, ctx: Context): Promise<Measurements> {
  const engine = await phase(progress, 'Checking the Docker engine', async () => {
    const info = await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 30_000 });
    if (info.exitCode !== 0 || info.stdout.trim() === '') {
      const said = info.all.trim().split('\n').filter(Boolean).pop();
      throw new VerifyFailure('no Docker engine reachable: start Docker Desktop / dockerd, or run without --verify', said === undefined ? [] : [`  (docker info: ${said})`]);
    }
    return { value: info.stdout.trim(), text: `Docker Engine ${info.stdout.trim()}` };
  });

  const stripSyntax = ['1', 'true'].includes(ctx.io.env[STRIP_SYNTAX_ENV] ?? '');
  const dockerfile = ctx.plan.dockerfilePath ?? 'Dockerfile';
  ctx.created.image = true; // from here on a partial build may have tagged it; removal of a missing tag is harmless
  const buildSeconds = await phase(progress, `Building ${dockerfile}`, async () => {
    const seconds = await buildImage(docker, { root: ctx.root, dockerfile, tag: ctx.names.image, stripSyntax, onStep: (step) => progress.detail(step) });
    return { value: seconds, text: `Built ${ctx.names.image} in ${seconds.toFixed(1)} s` };
  });

  const inspected = await docker(['image', 'inspect', '-f', '{{json .}}', ctx.names.image]);
  if (inspected.exitCode !== 0) {
    throw new VerifyFailure('the build succeeded but the image is not in the engine (a buildx builder that does not load images?): select the default builder with `docker buildx use default`');
  }
  const image = parseImageFacts(inspected.stdout);
  const port = ctx.plan.image.port ?? image.exposedPorts[0] ?? null;
  const timeoutMs = timeoutFrom(ctx.io);

  const ready = await phase(progress, port === null ? 'Starting the container' : `Starting the container and waiting for port ${port}`, async () => {
    const startedAt = Date.now();
    ctx.created.container = true;
    const hostPort = await startContainer(docker, ctx.names.image, ctx.names.container, port);
    const result = await waitUntilReady(docker, hostPort, { container: ctx.names.container, port, hasHealthcheck: image.hasHealthcheck, timeoutMs, signal: ctx.signal, startedAt });
    const ms = Math.max(result.answer?.ms ?? 0, result.healthyMs ?? 0, port === null ? Date.now() - startedAt : 0);
    return { value: result, text: `Ready in ${(ms / 1000).toFixed(1)} s` };
  });

  const uids = await processUids(docker, ctx.names.container);
  const problem = rootProblem(uids, image.user);
  if (problem !== null) throw new VerifyFailure(problem);
  return { engine, image: ctx.names.image, buildSeconds, sizeBytes: image.sizeBytes, uid: uids[0] as number, user: image.user, answer: ready.answer, healthyMs: ready.healthyMs, strippedSyntax: stripSyntax };
}

/** One step of the progress display: shows the label while `work` runs, then its result or a failure mark. */
async function phase<T>(progress: Progress, label: string, work: () => Promise<{ value: T; text: string }>): Promise<T> {
  progress.start(label);
  try {
    const { value, text } = await work();
    progress.done(text);
    return value;
  } catch (error) {
    if (error instanceof Interrupted) progress.dispose();
    else progress.fail(`${label}: failed`);
    throw error;
  }
}

function timeoutFrom(io: Io): number {
  const seconds = Number(io.env[TIMEOUT_ENV]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_TIMEOUT_MS;
}

/** Every docker call of the verification stops on Ctrl-C; an aborted call surfaces as Interrupted. */
function cancellable(docker: Docker, signal: AbortSignal): Docker {
  return async (args, options = {}) => {
    if (signal.aborted) throw new Interrupted();
    const result = await docker(args, { ...options, signal });
    if (signal.aborted) throw new Interrupted();
    return result;
  };
}

/** Runs without a signal: a second Ctrl-C must not stop the removal half-way. */
async function cleanUp(docker: Docker, names: Context['names'], created: Context['created']): Promise<void> {
  try {
    if (created.container) await docker(['rm', '-f', '-v', names.container]);
    if (created.image) await docker(['image', 'rm', '-f', names.image]);
  } catch {
    // The docker CLI vanished mid-run: nothing left that we could remove.
  }
}

/**
 * Signals are the one thing `Io` cannot carry. While listeners are installed Node does not exit
 * on Ctrl-C, so the steps stop, the container is removed, and the run ends with 130.
 */
function onInterrupt(abort: () => void): () => void {
  const handler = (): void => abort();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

function forward(signal: AbortSignal, controller: AbortController): () => void {
  const handler = (): void => controller.abort();
  if (signal.aborted) controller.abort();
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}
