import { get as httpGet } from 'node:http';
import type { Docker } from './docker.js';
import { Interrupted, VerifyFailure, quoteLines } from './outcome.js';
import { parseContainerState, parseHostPort, parseTopUids, type ContainerState } from './parse.js';

export interface Readiness {
  readonly answer: { readonly ms: number; readonly status: number; readonly port: number } | null;
  readonly healthyMs: number | null;
}

export interface WaitRequest {
  readonly container: string;
  /** Container port to probe over HTTP, or null for an app without one. */
  readonly port: number | null;
  readonly hasHealthcheck: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** When `docker run` was called: times are measured from there. */
  readonly startedAt: number;
}

/** How long an app without a port and without a HEALTHCHECK must stay up to count as started. */
const KEEPS_RUNNING_MS = 5000;
const POLL_MS = 500;
const PROBE_TIMEOUT_MS = 2000;

/** `docker run -d`, the port published on a free loopback port. Returns the host port (or null). */
export async function startContainer(docker: Docker, image: string, name: string, port: number | null): Promise<number | null> {
  const publish = port === null ? [] : ['-p', `127.0.0.1::${port}`];
  const run = await docker(['run', '-d', '--name', name, '--label', 'create-dockerfile-verify=1', ...publish, image]);
  if (run.exitCode !== 0) throw new VerifyFailure('the container did not start', quoteLines(run.all.split('\n').slice(-30)));
  if (port === null) return null;
  const mapped = await docker(['port', name, `${port}/tcp`]);
  const hostPort = parseHostPort(mapped.stdout);
  if (hostPort === null) throw new VerifyFailure(`port ${port} of the container was not published on 127.0.0.1`, quoteLines([mapped.all]));
  return hostPort;
}

/**
 * Waits until the app is ready: the HEALTHCHECK reports healthy (when the image has one) AND the
 * port answers HTTP from the host with a status below 500 (when there is a port). Both, because a
 * probe inside the container passes for an app bound to 127.0.0.1 that nobody outside can reach.
 */
export async function waitUntilReady(docker: Docker, hostPort: number | null, request: WaitRequest): Promise<Readiness> {
  const deadline = request.startedAt + request.timeoutMs;
  let answer: Readiness['answer'] = null;
  let lastStatus: number | null = null;
  let healthyMs: number | null = null;
  for (;;) {
    const state = await readState(docker, request.container);
    if (state.status === 'exited' || state.status === 'dead') {
      throw await withLogs(docker, request.container, `the container exited with code ${state.exitCode} before it was ready`);
    }
    if (state.health === 'unhealthy') {
      const probe = state.lastProbe === null ? [] : ['Last health probe said:', ...quoteLines(state.lastProbe.split('\n'))];
      throw await withLogs(docker, request.container, 'the HEALTHCHECK reports unhealthy', probe);
    }
    if (request.hasHealthcheck && healthyMs === null && state.health === 'healthy') healthyMs = Date.now() - request.startedAt;
    if (hostPort !== null && request.port !== null && answer === null) {
      const status = await probeHttp(hostPort, request.signal);
      if (status !== null) lastStatus = status;
      if (status !== null && status < 500) answer = { ms: Date.now() - request.startedAt, status, port: request.port };
    }
    const answered = request.port === null || answer !== null;
    const healthy = !request.hasHealthcheck || healthyMs !== null;
    const keptRunning = request.port !== null || request.hasHealthcheck || Date.now() - request.startedAt >= KEEPS_RUNNING_MS;
    if (answered && healthy && keptRunning) return { answer, healthyMs };
    if (Date.now() > deadline) throw await withLogs(docker, request.container, timeoutMessage(request, state, answered, lastStatus));
    await sleep(POLL_MS, request.signal);
  }
}

function timeoutMessage(request: WaitRequest, state: ContainerState, answered: boolean, lastStatus: number | null): string {
  const within = `within ${Math.round(request.timeoutMs / 1000)} s`;
  if (!answered) {
    const said = lastStatus === null ? 'no HTTP answer' : `last answer HTTP ${lastStatus}`;
    return `the app never answered on port ${request.port} ${within} (${said}; is it listening on 0.0.0.0:${request.port}?)`;
  }
  return `the HEALTHCHECK did not report healthy ${within} (status: ${state.health ?? 'none'})`;
}

async function readState(docker: Docker, container: string): Promise<ContainerState> {
  const inspect = await docker(['inspect', '-f', '{{json .State}}', container]);
  if (inspect.exitCode !== 0) throw new VerifyFailure('the container disappeared while starting', quoteLines([inspect.all]));
  return parseContainerState(inspect.stdout);
}

/** A failure with the app's last 50 log lines under it: they usually say why. */
async function withLogs(docker: Docker, container: string, message: string, extra: string[] = []): Promise<VerifyFailure> {
  const logs = await docker(['logs', '--tail', '50', container]);
  const lines = logs.all.trim() === '' ? ['(the app printed nothing)'] : logs.all.split('\n');
  return new VerifyFailure(message, [...extra, `Last 50 lines of \`docker logs\`:`, ...quoteLines(lines)]);
}

/**
 * HTTP status of `GET /`, or null while nothing answers (the port proxy resets until the app
 * listens). node:http with a fresh connection and our own timer rather than fetch: a fetch whose
 * `AbortSignal.timeout` was combined with `AbortSignal.any` was seen hanging for minutes here.
 */
function probeHttp(hostPort: number, signal: AbortSignal): Promise<number | null> {
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise((resolve, reject) => {
    const request = httpGet({ host: '127.0.0.1', port: hostPort, path: '/', agent: false }, (response) => {
      response.resume();
      finish(() => resolve(response.statusCode ?? null));
    });
    const timer = setTimeout(() => finish(() => resolve(null)), PROBE_TIMEOUT_MS);
    const onAbort = (): void => finish(() => reject(new Interrupted()));
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', () => finish(() => resolve(null)));
    let settled = false;
    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      settle();
    }
  });
}

/** Uids of the container's processes as `docker top` sees them, main process first. */
export async function processUids(docker: Docker, container: string): Promise<number[]> {
  const top = await docker(['top', container, '-o', 'pid,uid']);
  if (top.exitCode !== 0) throw new VerifyFailure('could not read the container processes (docker top)', quoteLines([top.all]));
  return parseTopUids(top.stdout);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
