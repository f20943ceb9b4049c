import { describe, expect, it } from 'vitest';
import {
  excerpt,
  imageSlug,
  isFrontendPullFailure,
  isRootUser,
  parseBuildFailure,
  parseContainerState,
  parseHostPort,
  parseImageFacts,
  parseTopUids,
} from '../../src/verify/parse.js';
import { formatReport, quoteLines } from '../../src/verify/outcome.js';

describe('docker port', () => {
  it('reads the loopback port, in both output shapes', () => {
    expect(parseHostPort('127.0.0.1:32768')).toBe(32768);
    expect(parseHostPort('3000/tcp -> 127.0.0.1:49153\n')).toBe(49153);
  });
  it('ignores other addresses and empty output', () => {
    expect(parseHostPort('0.0.0.0:5000\n[::]:5000')).toBeNull();
    expect(parseHostPort('')).toBeNull();
  });
});

describe('docker top', () => {
  it('returns every uid, main process first', () => {
    expect(parseTopUids('PID                 UID\n15897               1000\n15930               1000\n')).toEqual([1000, 1000]);
    expect(parseTopUids('PID UID\n1 0')).toEqual([0]);
  });
  it('finds the UID column wherever it is', () => {
    expect(parseTopUids('UID PID\n65532 42')).toEqual([65532]);
  });
  it('returns nothing for output without a UID column', () => {
    expect(parseTopUids('Error: No such container')).toEqual([]);
  });
});

describe('docker inspect', () => {
  it('reads a running container without a healthcheck', () => {
    const json = '{"Status":"running","Running":true,"Pid":15897,"ExitCode":0,"Error":""}';
    expect(parseContainerState(json)).toEqual({ status: 'running', exitCode: 0, health: null, lastProbe: null });
  });
  it('reads health and the last probe output', () => {
    const json = JSON.stringify({ Status: 'running', ExitCode: 0, Health: { Status: 'unhealthy', Log: [{ Output: 'first' }, { Output: 'connection refused\n' }] } });
    expect(parseContainerState(json)).toEqual({ status: 'running', exitCode: 0, health: 'unhealthy', lastProbe: 'connection refused' });
  });
  it('reads an exited container', () => {
    expect(parseContainerState('{"Status":"exited","ExitCode":1}').exitCode).toBe(1);
  });
  it('reads image facts: size, healthcheck, user, tcp ports', () => {
    const json = JSON.stringify({ Size: 311496085, Config: { User: 'node', Healthcheck: { Test: ['CMD', 'node', '-e', '1'] }, ExposedPorts: { '3000/tcp': {}, '53/udp': {} } } });
    expect(parseImageFacts(json)).toEqual({ sizeBytes: 311496085, hasHealthcheck: true, user: 'node', exposedPorts: [3000] });
  });
  it('treats HEALTHCHECK NONE and a missing one alike', () => {
    expect(parseImageFacts('{"Size":1,"Config":{"Healthcheck":{"Test":["NONE"]}}}').hasHealthcheck).toBe(false);
    expect(parseImageFacts('{"Size":1,"Config":{"Healthcheck":null,"ExposedPorts":null}}')).toEqual({ sizeBytes: 1, hasHealthcheck: false, user: '', exposedPorts: [] });
  });
});

describe('root users', () => {
  it.each(['', 'root', '0', '0:0', 'root:staff'])('%j is root', (user) => expect(isRootUser(user)).toBe(true));
  it.each(['node', '10001', 'nonroot:nonroot', '1000:0'])('%j is not root', (user) => expect(isRootUser(user)).toBe(false));
});

// Shortened from a real `docker build --progress=plain` run (lockfile out of sync).
const RUN_FAILURE = `#0 building with "default" instance using docker driver

#5 [base 2/2] WORKDIR /app
#5 CACHED

#9 [production 3/5] COPY --from=tini /usr/bin/tini-static /usr/bin/tini
#9 DONE 0.1s

#10 [prod-deps 1/1] RUN --mount=type=cache,id=npm,target=/root/.npm     npm ci --omit=dev
#10 2.551 npm error code EUSAGE
#11 [tini 1/1] RUN apt-get update
#10 2.583 npm error Missing: left-pad@1.3.0 from lock file
#10 [prod-deps 1/1] RUN --mount=type=cache,id=npm,target=/root/.npm     npm ci --omit=dev
#10 2.595 npm error A complete log of this run can be found in: /root/.npm/_logs/x.log
#11 CANCELED
#10 ERROR: process "/bin/sh -c npm ci --omit=dev" did not complete successfully: exit code: 1
------
 > [prod-deps 1/1] RUN --mount=type=cache,id=npm,target=/root/.npm     npm ci --omit=dev:
2.583 npm error Missing: left-pad@1.3.0 from lock file
------
Dockerfile:24
--------------------
  23 |     FROM installer AS prod-deps
  24 | >>> RUN --mount=type=cache,id=npm,target=/root/.npm \\
--------------------
ERROR: failed to solve: process "/bin/sh -c npm ci --omit=dev" did not complete successfully: exit code: 1`;

const FRONTEND_FAILURE = `#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s

#2 resolve image config for docker-image://docker.io/docker/dockerfile:1
#2 ERROR: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": no such host
------
 > resolve image config for docker-image://docker.io/docker/dockerfile:1:
------
Dockerfile:1
--------------------
   1 | >>> # syntax=docker/dockerfile:1
--------------------
ERROR: failed to solve: failed to resolve source metadata for docker.io/docker/dockerfile:1: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": no such host`;

describe('build failures', () => {
  it('names the failing step, its Dockerfile line and its own output only', () => {
    const failure = parseBuildFailure(RUN_FAILURE);
    expect(failure.step).toBe('[prod-deps 1/1] RUN --mount=type=cache,id=npm,target=/root/.npm npm ci --omit=dev');
    expect(failure.line).toBe(24);
    expect(failure.error).toMatch(/^ERROR: failed to solve: process/);
    expect(failure.output).toEqual([
      'npm error code EUSAGE',
      'npm error Missing: left-pad@1.3.0 from lock file',
      'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log',
    ]);
    expect(isFrontendPullFailure(failure)).toBe(false);
  });
  it('recognises a frontend that could not be pulled', () => {
    const failure = parseBuildFailure(FRONTEND_FAILURE);
    expect(failure.line).toBe(1);
    expect(failure.step).toBe('resolve image config for docker-image://docker.io/docker/dockerfile:1');
    expect(isFrontendPullFailure(failure)).toBe(true);
    // The step printed nothing and its error is inside BuildKit's summary: no noise from the rest of the log.
    expect(failure.output).toEqual([]);
    expect(failure.error).toMatch(/failed to do request: Head/);
  });
  it('keeps a step error that the BuildKit summary leaves out', () => {
    const failure = parseBuildFailure('#7 [build 2/3] COPY missing ./\n#7 ERROR: "/missing": not found\nERROR: failed to solve: failed to compute cache key');
    expect(failure.output).toEqual(['ERROR: "/missing": not found']);
  });
  it('falls back to the last lines when no step failed (a syntax error)', () => {
    const log = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') + '\nERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: RUNN';
    const failure = parseBuildFailure(log);
    expect(failure.step).toBeNull();
    expect(failure.output).toHaveLength(30);
    expect(failure.output.at(-1)).toMatch(/unknown instruction: RUNN/);
  });
  it('keeps the head and the tail of long output', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `l${i}`);
    const short = excerpt(lines);
    expect(short).toHaveLength(31);
    expect(short.slice(0, 8)).toEqual(lines.slice(0, 8));
    expect(short[8]).toBe('… (70 lines skipped)');
    expect(short.at(-1)).toBe('l99');
    expect(excerpt(lines.slice(0, 30))).toEqual(lines.slice(0, 30));
  });
});

describe('names and output', () => {
  it('makes a valid image name component from any folder name', () => {
    expect(imageSlug('My App!')).toBe('my-app');
    expect(imageSlug('__x__')).toBe('x');
    expect(imageSlug('...')).toBe('app');
    expect(imageSlug('cdf-node-npm-express-AbC123')).toBe('cdf-node-npm-express-abc123');
  });
  it('quotes app output without letting it drive the terminal', () => {
    expect(quoteLines(['ok\u001b[2Jcleared'])).toEqual(['  | ok\\x1b[2Jcleared']);
  });
  it('reports every measurement on its own labelled line', () => {
    const text = formatReport({ engine: '26.1.5', image: 'create-dockerfile-verify/x:1', buildSeconds: 12.34, sizeBytes: 245_300_000, uid: 1000, user: 'node', answer: { ms: 1200, status: 200, port: 3000 }, healthyMs: 2300, strippedSyntax: false });
    expect(text).toContain('  build time:   12.3 s\n');
    expect(text).toContain('  image size:   245.3 MB\n');
    expect(text).toContain('  runs as uid:  1000 (USER node)\n');
    expect(text).toContain('  answered in:  1.2 s (HTTP 200 on container port 3000)\n');
    expect(text).toContain('  healthy in:   2.3 s\n');
    expect(text).not.toContain('STRIP_SYNTAX');
  });
});
