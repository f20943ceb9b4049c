import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { lockedNativeAddons } from '../../src/stacks/node/native.js';
import { FIXTURES, runCli, type JsonOutput } from '../helpers.js';

/**
 * Two classes of issue 18 per package manager: a native addon that is not a direct dependency
 * (found in each lockfile format), and the Next.js standalone build, whose rebuild after a source
 * change must reuse the install layer and the `.next/cache` of the previous build.
 */

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function addonsIn(lockfile: string, text: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-lock-'));
  dirs.push(dir);
  await writeFile(path.join(dir, lockfile), text);
  return lockedNativeAddons(await createProject(dir), [lockfile], (f) => f, []);
}

describe('native addons that are not direct dependencies, per lockfile format', () => {
  it('pnpm-lock.yaml v9: a snapshot that depends on a build helper', async () => {
    const lock = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      ws: {specifier: 8.18.0, version: 8.18.0(bufferutil@4.0.9)}',
      'packages:',
      '  bufferutil@4.0.9:',
      '    resolution: {integrity: sha512-AAAA}',
      '  node-gyp-build@4.8.4:',
      '    resolution: {integrity: sha512-BBBB}',
      '  ws@8.18.0:',
      '    resolution: {integrity: sha512-CCCC}',
      'snapshots:',
      '  bufferutil@4.0.9:',
      '    dependencies:',
      '      node-gyp-build: 4.8.4',
      '  node-gyp-build@4.8.4: {}',
      '  ws@8.18.0(bufferutil@4.0.9):',
      '    optionalDependencies:',
      '      bufferutil: 4.0.9',
      '',
    ].join('\n');
    expect(await addonsIn('pnpm-lock.yaml', lock)).toEqual(['bufferutil']);
  });

  it('pnpm-lock.yaml v6: requiresBuild: false rules a package out', async () => {
    const lock = "lockfileVersion: '6.0'\npackages:\n  /bufferutil@4.0.9:\n    requiresBuild: false\n    dependencies:\n      node-gyp-build: 4.8.4\n  /re2@1.21.0:\n    requiresBuild: true\n    dependencies:\n      nan: 2.22.0\n";
    expect(await addonsIn('pnpm-lock.yaml', lock)).toEqual(['re2']);
  });

  it('bun.lock: a package entry whose dependencies name a build helper', async () => {
    const lock = [
      '{',
      '  "lockfileVersion": 1,',
      '  "workspaces": { "": { "name": "a", "dependencies": { "ws": "8.18.0" } } },',
      '  "packages": {',
      '    "bufferutil": ["bufferutil@4.0.9", "", { "dependencies": { "node-gyp-build": "^4.3.0" } }, "sha512-AAAA"],',
      '    "node-gyp-build": ["node-gyp-build@4.8.4", "", { "bin": { "node-gyp-build": "bin.js" } }, "sha512-BBBB"],',
      '    "ws": ["ws@8.18.0", "", { "optionalDependencies": { "bufferutil": "^4.0.1" } }, "sha512-CCCC"],',
      '  }',
      '}',
    ].join('\n');
    expect(await addonsIn('bun.lock', lock)).toEqual(['bufferutil']);
  });

  it('yarn.lock (v1 and Berry): an entry whose dependencies block names a build helper', async () => {
    const classic = '# yarn lockfile v1\n\n\nbufferutil@^4.0.1:\n  version "4.0.9"\n  dependencies:\n    node-gyp-build "^4.3.0"\n\nws@8.18.0:\n  version "8.18.0"\n';
    expect(await addonsIn('yarn.lock', classic)).toEqual(['bufferutil']);
    const berry = '__metadata:\n  version: 8\n\n"bufferutil@npm:^4.0.1":\n  version: 4.0.9\n  dependencies:\n    node-gyp-build: "npm:^4.3.0"\n  checksum: 10c0/aa\n';
    expect(await addonsIn('yarn.lock', berry)).toEqual(['bufferutil']);
  });
});

/** The instructions of one stage, from its FROM line to the next. */
function stage(dockerfile: string, name: string): string {
  const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
  expect(start, `stage ${name}`).toBeGreaterThanOrEqual(0);
  const rest = dockerfile.slice(start + 1);
  const next = rest.search(/^FROM /m);
  return next === -1 ? rest : rest.slice(0, next);
}

describe('Next.js standalone: a source change rebuilds only the app', () => {
  it('installs from the manifests alone, builds with .next/cache as a cache mount, and gives the app user the folders Next.js writes', async () => {
    const dir = path.join(FIXTURES, 'nextjs-standalone');
    const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
    expect(r.exit, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as JsonOutput).files;
    const dockerfile = files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
    // The install layers see only manifests: a source change leaves them cached.
    expect(`${stage(dockerfile, 'installer')}${stage(dockerfile, 'deps')}`).not.toMatch(/^COPY \. \./m);
    const build = stage(dockerfile, 'build');
    expect(build.indexOf('COPY . .')).toBeGreaterThanOrEqual(0);
    // The build runs as root, like the mount: Next.js (webpack and Turbopack) reuses what the last build left there.
    expect(build).toMatch(/^RUN --mount=type=cache,id=next-next-standalone,target=\/app\/\.next\/cache npm run build$/m);
    expect(build).not.toMatch(/^USER /m);
    const production = stage(dockerfile, 'production');
    expect(production).toContain('COPY --from=build --chown=node:node /app/.next/standalone ./');
    expect(production).toContain('COPY --from=build --chown=node:node /app/.next/static ./.next/static');
    // At run time the image cache goes to a tmpfs under the read-only root.
    const prod = parseYaml(files.find((f) => f.path === 'compose.prod.yaml')?.contents ?? '') as { services: { app: { tmpfs: string[] } } };
    expect(prod.services.app.tmpfs).toContain('/app/.next/cache');
  });
});

describe('a framework build cache kept in the project folder', () => {
  const angular = (cli: unknown) => ({
    'package.json': JSON.stringify({ name: 'shop', version: '0.0.0', scripts: { build: 'ng build', start: 'ng serve' }, dependencies: { '@angular/core': '21.0.0' }, devDependencies: { '@angular/cli': '21.0.0' } }),
    'angular.json': JSON.stringify({ version: 1, ...(cli === undefined ? {} : { cli }), projects: { shop: { projectType: 'application', architect: { build: { builder: '@angular/build:application', options: { outputPath: 'dist/shop' } } } } } }),
  });

  async function dockerfileOf(files: Record<string, string>): Promise<{ dockerfile: string; dockerignore: string }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-cache-'));
    dirs.push(dir);
    for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
    const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
    expect(r.exit, r.stderr).toBe(0);
    const out = (JSON.parse(r.stdout) as JsonOutput).files;
    return { dockerfile: out.find((f) => f.path === 'Dockerfile')?.contents ?? '', dockerignore: out.find((f) => f.path === '.dockerignore')?.contents ?? '' };
  }

  it("mounts the Angular CLI's .angular/cache in the build stage, and never sends the local one", async () => {
    const { dockerfile, dockerignore } = await dockerfileOf(angular(undefined));
    expect(stage(dockerfile, 'build')).toMatch(/^RUN --mount=type=cache,id=angular-shop,target=\/app\/\.angular\/cache npm run build$/m);
    expect(dockerignore.split('\n')).toContain('.angular/cache');
  });

  it('follows cli.cache in angular.json: its path, and no mount when disabled or limited to CI', async () => {
    expect(stage((await dockerfileOf(angular({ cache: { path: '.cache/ng' } }))).dockerfile, 'build')).toContain('--mount=type=cache,id=angular-shop,target=/app/.cache/ng npm run build');
    for (const cache of [{ enabled: false }, { environment: 'ci' }]) {
      expect(stage((await dockerfileOf(angular({ cache }))).dockerfile, 'build')).toMatch(/^RUN npm run build$/m);
    }
  });
});
