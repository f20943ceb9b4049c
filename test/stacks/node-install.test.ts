import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { detectNodeFacts } from '../../src/stacks/node/detect.js';
import { blockedInstallScripts, lockedNativeAddons } from '../../src/stacks/node/native.js';
import { FIXTURES, runCli, type JsonOutput } from '../helpers.js';

/** The install-and-copy rules, one class of apps each, on fixtures whose lockfiles the real package managers wrote. */

async function generate(fixture: string): Promise<{ dockerfile: string; dockerignore: string; json: JsonOutput; stderr: string }> {
  const dir = path.join(FIXTURES, fixture);
  const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
  expect(r.exit, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as JsonOutput;
  const file = (name: string): string => json.files.find((f) => f.path === name)?.contents ?? '';
  return { dockerfile: file('Dockerfile'), dockerignore: file('.dockerignore'), json, stderr: r.stderr };
}

/** The instructions of one stage, from its FROM line to the next. */
function stage(dockerfile: string, name: string): string {
  const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
  expect(start, `stage ${name}`).toBeGreaterThanOrEqual(0);
  const rest = dockerfile.slice(start + 1);
  const next = rest.search(/^FROM /m);
  return next === -1 ? rest : rest.slice(0, next);
}

async function facts(fixture: string): Promise<NonNullable<Awaited<ReturnType<typeof detectNodeFacts>>>['facts']> {
  const found = await detectNodeFacts(await createProject(path.join(FIXTURES, fixture)));
  if (found === null) throw new Error(`${fixture}: no package.json`);
  return found.facts;
}

describe('no production dependencies', () => {
  it('has no prod-deps stage and copies no node_modules when package.json has no dependencies', async () => {
    for (const fixture of ['node-zero-deps', 'node-dev-only-deps']) {
      const { dockerfile } = await generate(fixture);
      expect(dockerfile, fixture).not.toMatch(/AS prod-deps/);
      expect(dockerfile, fixture).not.toMatch(/node_modules/);
    }
  });

  it('copies the whole /app of the prod-deps stage, which exists even when an install creates no node_modules', async () => {
    const { dockerfile } = await generate('node-npm-express');
    expect(stage(dockerfile, 'production')).toContain('COPY --from=prod-deps /app ./');
    expect(dockerfile).not.toContain('COPY --from=prod-deps /app/node_modules');
  });
});

describe('a workspace declared at the app root', () => {
  it.each(['node-npm-workspace-root', 'node-pnpm-workspace-root', 'node-bun-workspace-root'])('%s: member manifests are installed before the sources are copied', async (fixture) => {
    expect((await facts(fixture)).workspaceManifests).toEqual(['packages/greet']);
    const { dockerfile } = await generate(fixture);
    const installer = stage(dockerfile, 'installer');
    expect(installer).toContain('COPY packages/greet/package.json ./packages/greet/');
    expect(installer).not.toMatch(/^COPY \. \./m);
    // The member's own node_modules (pnpm links there) reach the runtime with the root's.
    expect(stage(dockerfile, 'production')).toContain('COPY --from=prod-deps /app ./');
  });

  it('an app without workspaces copies no member manifests', async () => {
    expect((await facts('node-npm-express')).workspaceManifests).toEqual([]);
  });
});

describe('Yarn Berry', () => {
  it("installs Plug'n'Play apps with the node-modules linker, Yarn 4's workspace focus and its global cache folder", async () => {
    const f = await facts('node-yarn4-pnp');
    expect(f.pm.yarnBerry).toEqual({ cache: { kind: 'mount', target: '/root/.yarn/berry/cache' }, workspaceTools: true, nodeLinker: 'pnp', enableScripts: true });
    const { dockerfile } = await generate('node-yarn4-pnp');
    expect(stage(dockerfile, 'installer')).toContain('ENV YARN_NODE_LINKER=node-modules');
    expect(stage(dockerfile, 'deps')).toContain('--mount=type=cache,id=yarn-berry,target=/root/.yarn/berry/cache');
    expect(stage(dockerfile, 'prod-deps')).toContain('yarn workspaces focus --all --production');
  });

  it('uses a committed zero-install cache on Yarn 3 without workspace-tools, and ships neither the cache nor `workspaces focus`', async () => {
    const f = await facts('node-yarn3-zero-install');
    expect(f.pm.yarnBerry).toEqual({ cache: { kind: 'committed' }, workspaceTools: false, nodeLinker: 'pnp', enableScripts: true });
    const { dockerfile, dockerignore } = await generate('node-yarn3-zero-install');
    expect(dockerfile).not.toContain('workspaces focus');
    expect(stage(dockerfile, 'installer')).toContain('COPY .yarn/cache ./.yarn/cache');
    expect(stage(dockerfile, 'deps')).not.toContain('target=/app/.yarn/cache');
    expect(stage(dockerfile, 'prod-deps')).toContain('yarn install --immutable && rm -rf .yarn/cache');
    expect(stage(dockerfile, 'production')).toContain('COPY --from=source /app ./');
    expect(stage(dockerfile, 'source')).toContain('RUN rm -rf .yarn/cache');
    expect(dockerignore.split('\n')).not.toContain('.yarn/cache');
  });

  it('keeps the project cache folder as the mount target when Yarn 2/3 caches per project and nothing is committed', async () => {
    const { dockerignore } = await generate('node-yarn-berry');
    expect(dockerignore.split('\n')).toContain('.yarn/cache');
  });
});

describe('lockfiles of two package managers', () => {
  it('installs with the one in step with package.json (the other is left over), and says to keep one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-two-locks-'));
    try {
      const pkg = { name: 'shop', version: '1.0.0', scripts: { start: 'node backend/server.js', build: 'npm install && npm run build --prefix frontend' }, dependencies: { express: '^4.21.2', mongoose: '^8.9.0' } };
      await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
      // The npm lockfile predates mongoose; the pnpm one records every range package.json declares.
      await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'shop', lockfileVersion: 3, packages: { '': { dependencies: { express: '^4.21.2' } } } }));
      await writeFile(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^4.21.2\n        version: 4.21.2\n      mongoose:\n        specifier: ^8.9.0\n        version: 8.9.5\n");
      const found = await detectNodeFacts(await createProject(dir));
      expect(found?.facts.pm.name).toBe('pnpm');
      expect(found?.facts.pm.lockfiles).toEqual(['pnpm-lock.yaml']);
      expect(found?.warnings.join('\n')).toContain('Lockfiles of pnpm and npm are both committed; the image installs with pnpm (the lockfile in step with package.json).');
      // The other way round: the npm lockfile is current, the pnpm one stale.
      await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'shop', lockfileVersion: 3, packages: { '': { dependencies: { express: '^4.21.2', mongoose: '^8.9.0' } } } }));
      await writeFile(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^4.18.0\n        version: 4.18.0\n");
      expect((await detectNodeFacts(await createProject(dir)))?.facts.pm.name).toBe('npm');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('native addons from the lockfile', () => {
  it('finds an addon that is not a direct dependency in package-lock.json (install script + build helper)', async () => {
    const project = await createProject(path.join(FIXTURES, 'node-native-transitive'));
    // es5-ext has an install script but no build helper: a message, not a compile.
    expect(await lockedNativeAddons(project, ['package-lock.json'], (f) => f, [])).toEqual(['bufferutil', 'utf-8-validate']);
    const { dockerfile } = await generate('node-native-transitive');
    expect(stage(dockerfile, 'installer')).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
    expect(stage(dockerfile, 'production')).not.toMatch(/g\+\+/);
  });

  it('leaves out packages only reached through optionalDependencies: npm and pnpm go on without them when they cannot build', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-optional-native-'));
    try {
      const helper = { dependencies: { 'node-gyp-build': '^4.8.0' } };
      const npmLock = { lockfileVersion: 3, packages: { '': {}, 'node_modules/nice-napi': { hasInstallScript: true, optional: true, dev: true, ...helper }, 'node_modules/bufferutil': { hasInstallScript: true, ...helper } } };
      await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify(npmLock));
      await writeFile(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\nsnapshots:\n  lmdb@3.5.1:\n    optional: true\n    dependencies:\n      node-gyp-build-optional-packages: 5.2.2\n  bufferutil@4.0.9:\n    dependencies:\n      node-gyp-build: 4.8.4\n");
      const project = await createProject(dir);
      expect(await lockedNativeAddons(project, ['package-lock.json'], (f) => f, [])).toEqual(['bufferutil']);
      expect(await lockedNativeAddons(project, ['pnpm-lock.yaml'], (f) => f, [])).toEqual(['bufferutil']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds none in lockfiles without addons', async () => {
    for (const [fixture, lockfile] of [['node-pnpm-workspace-root', 'pnpm-lock.yaml'], ['node-yarn4-pnp', 'yarn.lock'], ['node-bun-workspace-root', 'bun.lock']] as const) {
      const project = await createProject(path.join(FIXTURES, fixture));
      expect(await lockedNativeAddons(project, [lockfile], (f) => f, []), fixture).toEqual([]);
    }
  });
});

describe('package managers that block dependency install scripts', () => {
  const pkg = { packageManager: null, enginesNpm: null, allowScripts: [] as string[], pnpmOnlyBuilt: [] as string[] };

  it('says how to approve an addon on npm 12, and nothing on npm 11 (which only warns)', () => {
    const npm12 = blockedInstallScripts({ name: 'npm', version: null }, { ...pkg, packageManager: 'npm@12.0.1' }, [], ['bufferutil']);
    expect(npm12).toContain('npm install-scripts approve bufferutil');
    expect(blockedInstallScripts({ name: 'npm', version: null }, { ...pkg, enginesNpm: '>=12' }, [], ['bufferutil'])).toContain('approve bufferutil');
    expect(blockedInstallScripts({ name: 'npm', version: null }, { ...pkg, packageManager: 'npm@11.6.0' }, [], ['bufferutil'])).toBeNull();
    expect(blockedInstallScripts({ name: 'npm', version: null }, { ...pkg, packageManager: 'npm@12.0.1', allowScripts: ['bufferutil'] }, [], ['bufferutil'])).toBeNull();
  });

  it('names pnpm approve-builds on pnpm 10 unless onlyBuiltDependencies covers the addon', () => {
    expect(blockedInstallScripts({ name: 'pnpm', version: '10.12.1' }, pkg, [], ['sharp'])).toContain('pnpm approve-builds');
    expect(blockedInstallScripts({ name: 'pnpm', version: '10.12.1' }, pkg, ['sharp'], ['sharp'])).toBeNull();
    expect(blockedInstallScripts({ name: 'pnpm', version: '9.15.4' }, pkg, [], ['sharp'])).toBeNull();
  });

  it('names dependenciesMeta built: true when Yarn Berry skips an addon (enableScripts: false, or built: false)', () => {
    const yarn = (enableScripts: boolean) => ({ name: 'yarn', version: '4.9.1', yarnBerry: { enableScripts } });
    const disabled = blockedInstallScripts(yarn(false), pkg, [], ['bufferutil']);
    expect(disabled).toContain('enableScripts: false');
    expect(disabled).toContain('"dependenciesMeta": { "bufferutil": { "built": true } }');
    expect(blockedInstallScripts(yarn(false), { ...pkg, yarnBuilt: { bufferutil: true } }, [], ['bufferutil'])).toBeNull();
    expect(blockedInstallScripts(yarn(true), { ...pkg, yarnBuilt: { bufferutil: false } }, [], ['bufferutil'])).toContain('built: false for bufferutil');
    expect(blockedInstallScripts(yarn(true), pkg, [], ['bufferutil'])).toBeNull();
    // Yarn 1 runs dependency scripts.
    expect(blockedInstallScripts({ name: 'yarn', version: '1.22.22', yarnBerry: null }, pkg, [], ['bufferutil'])).toBeNull();
  });

  it("names bun pm trust for an addon Bun does not trust: trustedDependencies when set, else Bun's default list", () => {
    const bun = { name: 'bun', version: '1.2.19' };
    expect(blockedInstallScripts(bun, pkg, [], ['better-sqlite3'])).toBeNull();
    expect(blockedInstallScripts(bun, pkg, [], ['tiny-native-addon'])).toContain('bun pm trust tiny-native-addon');
    // A trustedDependencies list replaces the default one.
    expect(blockedInstallScripts(bun, { ...pkg, trustedDependencies: ['esbuild'] }, [], ['better-sqlite3'])).toContain('bun pm trust better-sqlite3');
    expect(blockedInstallScripts(bun, { ...pkg, trustedDependencies: ['better-sqlite3'] }, [], ['better-sqlite3'])).toBeNull();
  });

  it('reads the approvals from the repo: .yarnrc.yml enableScripts, dependenciesMeta, trustedDependencies', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-scripts-'));
    try {
      const lock = '__metadata:\n  version: 8\n\n"bufferutil@npm:4.0.9":\n  version: 4.0.9\n  dependencies:\n    node-gyp-build: "npm:^4.3.0"\n';
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'a', packageManager: 'yarn@4.9.1', dependencies: { ws: '8.18.0' }, scripts: { start: 'node index.js' } }));
      await writeFile(path.join(dir, 'yarn.lock'), lock);
      await writeFile(path.join(dir, '.yarnrc.yml'), 'enableScripts: false\nnodeLinker: node-modules\n');
      const found = await detectNodeFacts(await createProject(dir));
      expect(found?.facts.nativeAddons).toEqual(['bufferutil']);
      expect(found?.warnings.join('\n')).toContain('"bufferutil": { "built": true }');
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'a', packageManager: 'yarn@4.9.1', dependencies: { ws: '8.18.0' }, dependenciesMeta: { 'bufferutil@4.0.9': { built: true } }, scripts: { start: 'node index.js' } }));
      expect((await detectNodeFacts(await createProject(dir)))?.warnings.join('\n')).not.toContain('built');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a Yarn 3 workspace member without workspace-tools', () => {
  it('installs the whole workspace (every manifest) instead of `yarn workspaces focus`', async () => {
    const dir = path.join(FIXTURES, 'mono-yarn3-no-focus');
    const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
    expect(r.exit, r.stderr).toBe(0);
    const dockerfile = (JSON.parse(r.stdout) as JsonOutput).files.find((f) => f.path === 'apps/api/Dockerfile')?.contents ?? '';
    expect(dockerfile).not.toContain('workspaces focus');
    expect(stage(dockerfile, 'installer')).toContain('COPY packages/other/package.json ./packages/other/');
    expect(stage(dockerfile, 'prod-deps')).toContain('yarn install --immutable');
    // The stages' comments say what the install covers: everything, dev included.
    expect(dockerfile).toContain('# Dependencies of every workspace member, dev included');
    expect(dockerfile).toContain('devDependencies included');
    expect(dockerfile).not.toMatch(/only, dev included|never sees devDependencies/);
  });
});

describe('a start command that goes through the package manager', () => {
  it('puts that package manager, at its pinned version, in the production image', async () => {
    const dir = path.join(FIXTURES, 'node-pnpm-workspace-root');
    const r = await runCli([dir, '--yes', '--dry-run', '--json', '--cmd', 'pnpm start'], dir);
    expect(r.exit, r.stderr).toBe(0);
    const dockerfile = (JSON.parse(r.stdout) as JsonOutput).files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
    expect(stage(dockerfile, 'production')).toContain('RUN npm install --global --force pnpm@10.12.1');
  });

  it('adds nothing when node starts the app', async () => {
    const { dockerfile } = await generate('node-pnpm-workspace-root');
    expect(stage(dockerfile, 'production')).not.toContain('npm install --global');
  });
});

describe('Next.js with a TypeScript config and no standalone output', () => {
  it('ships the files the config imports and the typescript package next start compiles it with', async () => {
    const { dockerfile } = await generate('nextjs-config-ts-imports');
    const production = stage(dockerfile, 'production');
    expect(production).toContain('COPY --from=build /app/next.config.ts ./');
    expect(production).toContain('COPY --from=build /app/config/headers.ts ./config/headers.ts');
    expect(production).toContain('COPY --from=deps /app/node_modules/typescript ./node_modules/typescript');
  });

  it('needs no typescript at run time for a standalone build', async () => {
    const { dockerfile } = await generate('nextjs-config-ts');
    expect(dockerfile).not.toContain('node_modules/typescript');
  });
});

describe('paths the app writes', () => {
  it('gives the app user the SQLite folder from .env.example and the upload folder, and never sends database files', async () => {
    const f = await facts('node-sqlite-writable');
    expect(f.writable).toEqual({ dirs: ['data', 'uploads'], topLevelDatabases: [] });
    const { dockerfile, dockerignore } = await generate('node-sqlite-writable');
    expect(stage(dockerfile, 'writable')).toContain('RUN mkdir -p /writable/data /writable/uploads');
    expect(stage(dockerfile, 'production')).toContain('COPY --from=writable --chown=node:node /writable/ ./');
    expect(dockerignore.split('\n')).toEqual(expect.arrayContaining(['**/*.db', '**/*.sqlite']));
  });

  it('makes nothing writable without evidence', async () => {
    expect((await facts('node-npm-express')).writable).toEqual({ dirs: [], topLevelDatabases: [] });
  });
});

describe('development and test targets', () => {
  it("passes the test stage with a message when the test script is npm's placeholder", async () => {
    const { dockerfile } = await generate('node-zero-deps');
    const test = stage(dockerfile, 'test');
    expect(test).toMatch(/^RUN echo 'No real "test" script/m);
    expect(test).not.toContain('npm test');
  });

  it('runs the dev script in the development stage', async () => {
    const { dockerfile } = await generate('node-dev-only-deps');
    expect(stage(dockerfile, 'development')).toContain('CMD ["npm", "run", "dev"]');
  });

  it('builds in the development stage when there is no dev script and the start runs build output', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-no-dev-'));
    try {
      const pkg = { name: 'api', version: '1.0.0', scripts: { build: 'tsc', start: 'node dist/server.js' }, devDependencies: { typescript: '5.9.3' } };
      await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
      const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
      expect(r.exit, r.stderr).toBe(0);
      const dockerfile = (JSON.parse(r.stdout) as JsonOutput).files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
      const development = stage(dockerfile, 'development');
      expect(development).toContain('RUN npm run build');
      expect(development).toContain('CMD ["node", "dist/server.js"]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
