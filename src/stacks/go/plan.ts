import { missingFlag } from '../../errors.js';
import { execForm, safePath, safeVersion } from '../../safe.js';
import type { Plan, ResolvedOptions } from '../../types.js';
import { VERSION } from '../../version.js';
import { cacheMount } from '../cache-mount.js';
import { copy, type Copy } from '../copy.js';
import { header, ociLabels, runtimeProbe } from '../shared.js';
import type { GoFacts } from './detect.js';
import { goIgnore } from './ignore.js';
import { goImages } from './images.js';
import { moduleBasename } from './gomod.js';
import { packagePath } from './mains.js';

const PROBE = '/usr/local/bin/healthcheck';
// Both caches are keyed by content (module version hashes, action IDs): every Go app on a builder
// can share them, so they keep BuildKit's default id (the target path).
const MOD_CACHE = cacheMount('/go/pkg/mod');
const BUILD_CACHE = cacheMount('/root/.cache/go-build');

/** `--main cmd/api`, `./cmd/api/` and `.` all name a folder of the repo; returns `./cmd/api` or `.`. */
export function chosenMain(facts: GoFacts, options: ResolvedOptions): string {
  const given = options.choices.main ?? (facts.mains.length === 1 ? packagePath(facts.mains[0] as string) : null);
  if (given === null) throw missingFlag('--main', 'The main package to build (no package main in main.go, cmd/<name>/ or <folder>/main.go)');
  const dir = given.trim().replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return dir === '' || dir === '.' ? '.' : `./${safePath(dir, 'the main package')}`;
}

/** COPYs of the manifests, grouped by folder (a COPY with several sources needs a `/` target). */
function manifestCopies(manifests: readonly string[]): Copy[] {
  const byDir = new Map<string, string[]>();
  for (const file of manifests) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), safePath(file, 'a Go manifest')]);
  }
  return [...byDir].map(([dir, files]) => copy(files, `./${dir === '' ? '' : `${dir}/`}`));
}

function sourceUrl(modulePath: string | null): string | null {
  return modulePath !== null && /^(github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)\/[\w.-]+\/[\w.-]+/.test(modulePath)
    ? `https://${modulePath.split('/').slice(0, 3).join('/')}`
    : null;
}

function testCommand(facts: GoFacts, modFlag: string[]): string {
  const patterns = facts.layout === 'workspace' && !facts.moduleDirs.includes('') ? facts.moduleDirs.map((d) => `./${safePath(d)}/...`) : ['./...'];
  return ['go', 'test', ...modFlag, ...patterns].join(' ');
}

export function planGo(facts: GoFacts, options: ResolvedOptions) {
  const main = chosenMain(facts, options);
  const version = safeVersion(options.languageVersion, 'the Go version');
  const cgo = facts.cgo !== null;
  const images = goImages(options.base, version, cgo);
  const port = options.port;
  const modFlag = facts.vendored ? ['-mod=vendor'] : [];
  const cacheMounts = facts.vendored ? [BUILD_CACHE] : [MOD_CACHE, BUILD_CACHE];
  const probe = options.healthcheck && port !== null ? runtimeProbe([PROBE, String(port)]) : runtimeProbe(null);
  const portEnv = facts.portEnv && port !== null ? [{ name: 'PORT', value: String(port) }] : [];
  const zoneinfo = images.runtime.scratch ? [{ name: 'ZONEINFO', value: '/usr/local/share/zoneinfo.zip' }] : [];
  const tags = images.tags === null ? [] : [`-tags=${images.tags}`];
  const buildFlags = [...modFlag, '-trimpath', ...tags, `-ldflags="${images.linkFlags}"`].join(' ');
  const name = facts.modulePath === null ? 'app' : moduleBasename(facts.modulePath);
  const data = {
    header: header('Go', VERSION, `${facts.framework ?? 'no web framework'}, builds ${main}${cgo ? ' with cgo' : ''}`),
    args: images.args,
    builder: images.builder,
    manifests: manifestCopies(facts.manifests),
    download: facts.layout !== 'file' && !facts.vendored,
    initModule: facts.layout === 'file' ? 'go mod init app && go mod tidy' : null,
    cacheMounts,
    test: testCommand(facts, modFlag),
    // The same compile `go run` does, at build time: its cache stays in the image, so the container starts without compiling the standard library.
    dev: { cmd: execForm(['go', 'run', ...modFlag, main]), warm: ['go', 'build', ...modFlag, '-o', '/dev/null', main].join(' '), port, env: portEnv },
    build: {
      description: cgo ? `${facts.cgo}, so cgo is on` : 'a static binary (no cgo), stripped, with reproducible paths',
      env: `CGO_ENABLED=${cgo ? 1 : 0} GOOS=$TARGETOS GOARCH=$TARGETARCH`,
      flags: buildFlags,
      main,
    },
    probe: probe.exec !== null,
    runtime: {
      ...images.runtime,
      // Relative paths resolve against the working directory: the files sit next to the binary in /app.
      workdir: facts.runtimePaths.length > 0 ? '/app' : images.runtime.workdir,
      files: facts.runtimePaths.map((p) => copy(safePath(p, 'a runtime file'), `./${safePath(p, 'a runtime file')}`)),
      env: [...zoneinfo, ...portEnv],
      port,
      healthcheck: probe.exec,
      entrypoint: execForm(options.startCommand),
    },
    labels: ociLabels({ title: name, description: null, version: null, source: sourceUrl(facts.modulePath), licenses: null }),
  };
  return {
    stack: 'go',
    template: 'go/Dockerfile.hbs',
    data,
    ignore: goIgnore(),
    image: {
      port,
      healthcheck: probe.compose,
      user: images.runtime.user,
      tmpfs: ['/tmp'],
      targets: { development: 'development', test: 'test', production: 'production' },
      // `go run` compiles once and keeps running: a synced change takes effect on restart.
      watch: { sync: ['.'], rebuild: facts.manifests.length > 0 ? [...facts.manifests] : ['go.mod'], workdir: '/src', restart: true },
      env: portEnv.length > 0 && port !== null ? { PORT: String(port) } : {},
    },
    notes: planNotes(facts, options, main),
  } satisfies Plan;
}

function planNotes(facts: GoFacts, options: ResolvedOptions, main: string): string[] {
  const notes: string[] = [];
  if (facts.cgo !== null && options.base !== 'alpine') {
    notes.push(`cgo (${facts.cgo}): the builder runs as the target platform, so a multi-platform build emulates the others (QEMU); ${options.base === 'scratch' ? 'the binary is linked statically for scratch' : 'the runtime is distroless/base, which has glibc'}.`);
  }
  if (facts.vendored) notes.push('vendor/ is used as is (-mod=vendor): keep it in sync with `go mod vendor`.');
  if (facts.layout === 'workspace') notes.push(`Go workspace: the build context is the workspace root and the image builds ${main}.`);
  return notes;
}

/** The plan of a Go app, and the data go/Dockerfile.hbs lays out. */
export type GoTemplateData = ReturnType<typeof planGo>['data'];
export type GoPlan = Plan<'go/Dockerfile.hbs', GoTemplateData>;
