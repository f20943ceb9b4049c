import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitUntilReady, type WaitRequest } from '../../src/verify/container.js';
import type { Docker, DockerResult } from '../../src/verify/docker.js';
import { Interrupted, VerifyFailure } from '../../src/verify/outcome.js';
import { rootProblem } from '../../src/verify/parse.js';

/** No engine: a fake docker CLI that replays container states, and real local HTTP servers. */
function fakeDocker(states: object[], logs = 'app log line'): { docker: Docker; calls: string[][] } {
  const calls: string[][] = [];
  let index = 0;
  const ok = (stdout: string): DockerResult => ({ exitCode: 0, stdout, stderr: '', all: stdout });
  const docker: Docker = async (args) => {
    calls.push([...args]);
    if (args[0] === 'inspect') return ok(JSON.stringify(states[Math.min(index++, states.length - 1)]));
    if (args[0] === 'logs') return ok(logs);
    throw new Error(`unexpected docker ${args.join(' ')}`);
  };
  return { docker, calls };
}

const servers: http.Server[] = [];
async function serve(status: number): Promise<number> {
  const server = http.createServer((_req, res) => res.writeHead(status).end('x'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** For waits that involve no HTTP: the clock and the poll's sleeps move only when told to. */
function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

function request(overrides: Partial<WaitRequest> = {}): WaitRequest {
  return { container: 'c', port: 3000, hasHealthcheck: false, timeoutMs: 5000, signal: new AbortController().signal, startedAt: Date.now(), ...overrides };
}

const running = { Status: 'running', ExitCode: 0 };

async function failure(promise: Promise<unknown>): Promise<VerifyFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(VerifyFailure);
  return error as VerifyFailure;
}

describe('waiting for the app', () => {
  it('is ready once the port answers below 500 (a 404 counts)', async () => {
    const port = await serve(404);
    const { docker } = fakeDocker([running]);
    const ready = await waitUntilReady(docker, port, request());
    expect(ready.answer).toMatchObject({ status: 404, port: 3000 });
    expect(ready.healthyMs).toBeNull();
  });

  it('waits for healthy when the image has a HEALTHCHECK', async () => {
    fakeClock();
    const health = (Status: string) => ({ ...running, Health: { Status, Log: [] } });
    const { docker, calls } = fakeDocker([health('starting'), health('starting'), health('healthy')]);
    const waiting = waitUntilReady(docker, null, request({ port: null, hasHealthcheck: true }));
    await vi.advanceTimersByTimeAsync(5000);
    const ready = await waiting;
    expect(ready.healthyMs).toBeGreaterThan(0);
    expect(calls.filter((c) => c[0] === 'inspect')).toHaveLength(3);
  });

  it('keeps waiting through 5xx answers and then says what it last got', async () => {
    const port = await serve(503);
    const { docker } = fakeDocker([running]);
    const error = await failure(waitUntilReady(docker, port, request({ timeoutMs: 1200 })));
    expect(error.message).toBe('the app never answered on port 3000 within 1 s (last answer HTTP 503; is it listening on 0.0.0.0:3000?)');
    expect(error.details).toContain('  | app log line');
  });

  it('fails at once with the exit code and logs when the container exits', async () => {
    const { docker } = fakeDocker([{ Status: 'exited', ExitCode: 137 }], 'Killed\nout of memory');
    const error = await failure(waitUntilReady(docker, 1, request()));
    expect(error.message).toBe('the container exited with code 137 before it was ready');
    expect(error.details).toEqual(['Last 50 lines of `docker logs`:', '  | Killed', '  | out of memory']);
  });

  it('fails on unhealthy, quoting the last probe', async () => {
    const { docker } = fakeDocker([{ ...running, Health: { Status: 'unhealthy', Log: [{ Output: 'connect ECONNREFUSED 127.0.0.1:3000' }] } }], '');
    const error = await failure(waitUntilReady(docker, null, request({ port: null, hasHealthcheck: true })));
    expect(error.message).toBe('the HEALTHCHECK reports unhealthy');
    expect(error.details).toEqual(['Last health probe said:', '  | connect ECONNREFUSED 127.0.0.1:3000', 'Last 50 lines of `docker logs`:', '  | (the app printed nothing)']);
  });

  it('an app without port or healthcheck only has to keep running for 5 s', async () => {
    fakeClock();
    const { docker } = fakeDocker([running]);
    let ready: unknown = null;
    const waiting = waitUntilReady(docker, null, request({ port: null })).then((r) => (ready = r));
    await vi.advanceTimersByTimeAsync(4000);
    expect(ready).toBeNull();
    await vi.advanceTimersByTimeAsync(2000);
    await waiting;
    expect(ready).toEqual({ answer: null, healthyMs: null });
  });

  it('stops when interrupted', async () => {
    fakeClock();
    const controller = new AbortController();
    const { docker } = fakeDocker([running]);
    const waiting = waitUntilReady(docker, null, request({ port: null, signal: controller.signal }));
    const outcome = expect(waiting).rejects.toBeInstanceOf(Interrupted);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await outcome;
  });
});

describe('the root rule', () => {
  it('accepts a non-root process with a non-root USER', () => {
    expect(rootProblem([1000, 1000], 'node')).toBeNull();
  });
  it('refuses uid 0 among the processes', () => {
    expect(rootProblem([1000, 0], 'node')).toBe('the container runs as root (uid 1000, USER node): the production stage needs a non-root USER');
  });
  it('refuses a root USER even when docker top shows a mapped uid (rootless Docker)', () => {
    expect(rootProblem([100000], '')).toBe('the container runs as root (uid 100000, USER not set): the production stage needs a non-root USER');
  });
  it('does not pass when docker top showed nothing', () => {
    expect(rootProblem([], 'node')).toMatch(/^could not tell which user/);
  });
});
