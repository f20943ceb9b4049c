import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, removeDir, ROOT, runCli, runMain } from './helpers.js';
import { serveRegistry, type Registry } from './registry.js';

/**
 * Every command in the README works on a fresh machine. Each command of each ```sh block is
 * listed below with how it is proven: run as written (the user path: an empty home and npm
 * cache, and a registry on loopback that serves the packed package as npm would after
 * publishing), printed by the tool itself (next steps), run by .ci/run, or, for the commands
 * from a checkout (clone, npm ci, link, pack), by test/e2e/readme-checkout.e2e.test.ts with the
 * slow suites. A command added to the README without a line here fails the first test.
 */
type Proof =
  | { readonly run: string; readonly exit?: number; readonly setup?: (app: string) => Promise<void> }
  | { readonly printed: string; readonly args?: readonly string[] }
  | { readonly ci: string }
  /** Run by test/e2e/readme-checkout.e2e.test.ts. */
  | { readonly checkout: true }
  | { readonly notRun: string };

/** A monorepo whose api member is published as @acme/api (mono-npm, its scope renamed throughout). */
async function acme(app: string): Promise<void> {
  for (const rel of ['package.json', 'package-lock.json', 'apps/api/package.json', 'apps/admin/package.json', 'packages/greet/package.json']) {
    const file = path.join(app, rel);
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('@mono/', '@acme/'));
  }
}

const generated = async (app: string): Promise<void> => void (await runCli([app, '--yes'], app));

const PROOFS: Record<string, Proof> = {
  'npx create-dockerfile': { run: 'node-npm-express' },
  'npm create dockerfile': { run: 'node-npm-express' },
  'docker build -t app .': { printed: 'node-npm-express' },
  'docker run --rm -p 3000:3000 app': { printed: 'node-npm-express' },
  'docker compose -f compose.yaml -f compose.dev.yaml up --watch': { printed: 'node-npm-express' },
  'npx create-dockerfile --dry-run': { run: 'node-npm-express' },
  'npx create-dockerfile --diff': { run: 'node-npm-express' },
  'git clone <this repository> create-dockerfile': { checkout: true },
  'cd create-dockerfile': { checkout: true },
  'npm ci': { checkout: true },
  'npm run build': { checkout: true },
  'node dist/cli.js /path/to/your/app': { checkout: true },
  'npm link && create-dockerfile /path/to/your/app': { checkout: true },
  'npm pack': { checkout: true },
  'npx --yes --package ./create-dockerfile-0.1.0.tgz -- create-dockerfile /path/to/your/app': { checkout: true },
  'npx create-dockerfile --yes': { run: 'node-npm-express' },
  'npx create-dockerfile --yes --dry-run': { run: 'node-npm-express' },
  'npx create-dockerfile --yes --json --dry-run | jq .detection': { run: 'node-npm-express' },
  'npx create-dockerfile apps/api --yes --port 8080 --base distroless': { run: 'mono-npm' },
  'npx create-dockerfile --yes --only dockerfile,dockerignore': { run: 'node-npm-express' },
  'npx create-dockerfile --yes --force': { run: 'node-npm-express', setup: async (app) => writeFile(path.join(app, 'Dockerfile'), 'FROM scratch\n') },
  'npx create-dockerfile apps/web': { run: 'mono-pnpm-next' },
  'cd apps/web && npx create-dockerfile': { run: 'mono-pnpm-next' },
  'npx create-dockerfile --workspace @acme/api': { run: 'mono-npm', setup: acme },
  'npx create-dockerfile --yes --verify': { notRun: 'needs a Docker engine: test/verify/*.engine.test.ts run --verify in the real-engine suite' },
  'npx create-dockerfile lint [Dockerfile…] [--format text|json|sarif] [--fail-on info|warning|error]': { notRun: 'a synopsis; its forms are run below' },
  'npx create-dockerfile templates eject': { run: 'node-npm-express' },
  'npx create-dockerfile templates eject --all': { run: 'node-npm-express' },
  'npx create-dockerfile templates eject healthcheck': { run: 'node-npm-express' },
  'npx create-dockerfile templates eject node --templates ci/docker-templates': { run: 'node-npm-express' },
  'npx create-dockerfile --check': { run: 'node-npm-express', setup: generated },
  'docker compose -f compose.yaml -f compose.prod.yaml up -d': { printed: 'node-npm-express' },
  'npm start -- test/fixtures/node-npm-express --dry-run --yes': { checkout: true },
  'npm test': { ci: 'npm test' },
  'npm run test:e2e': { ci: 'npm run test:e2e' },
  'npm run bench': { ci: 'npm run bench' },
  'npm run test:real': { notRun: 'hours of builds; run by hand on a development machine; .ci/run runs its --ci subset' },
  'npm run test:real -- --only vite-react': { notRun: 'one app of the matrix, minutes of builds; .ci/run runs the --ci subset' },
  'npm run test:real -- --ci': { ci: 'npm run test:real -- --ci' },
  'npx vitest run test/snapshots.test.ts -u': { notRun: 'rewrites the snapshots; npm test runs the same file without -u' },
  "npx vitest run test/snapshots.test.ts -t '<fixture-name>' -u": { notRun: 'rewrites the snapshots; npm test runs the same file without -u' },
  'git diff snapshots/': { checkout: true },
};

/** The README's shell commands: each line of each sh block, and the `# or: <command>` in its comment. */
async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const commands: string[] = [];
  for (const block of readme.matchAll(/^ *```sh\n([\s\S]*?)^ *```/gm)) {
    for (const raw of (block[1] ?? '').split('\n')) {
      const [command = '', comment = ''] = raw.trim().split(/\s+#\s*/, 2);
      if (command !== '') commands.push(command.trim());
      const alternative = /^or: (npm .*|npx .*|-t '[^']*' -u)/.exec(comment)?.[1];
      // "# or: -t '<fixture-name>' -u" is the same command with other flags.
      if (alternative !== undefined) commands.push(alternative.startsWith('-t') ? `${command.trim().replace(/ -u$/, '')} ${alternative}` : alternative);
    }
  }
  return commands;
}

let work: string;
let tarball: string;
let registry: Registry;
let env: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'cdf-readme-'));
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? '');
  registry = await serveRegistry(tarball, path.join(ROOT, 'package.json'));
  await mkdir(path.join(work, 'home'));
  // A fresh machine: Node.js and the system's tools, an empty home and npm cache, no CI variable.
  env = {
    HOME: path.join(work, 'home'),
    PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    npm_config_cache: path.join(work, 'npm-cache'),
    npm_config_registry: registry.url,
    npm_config_update_notifier: 'false',
  };
}, 120_000);

afterAll(async () => {
  await registry?.close();
  await removeDir(work);
});

/**
 * The arguments of `npx create-dockerfile <args>` when the line has no shell syntax: those run
 * in-process through main(), the function the bin hands them to, with the same environment and
 * folder. Spawning npx for each would prove again only what the bare `npx create-dockerfile` line
 * proves (npx finds the package and runs its bin), at seconds per line.
 */
function inProcessArgs(command: string): string[] | null {
  const args = /^npx create-dockerfile ([^|&;<>`$()]+)$/.exec(command)?.[1];
  return args === undefined ? null : args.trim().split(/\s+/);
}

async function freshApp(fixture: string, name: string): Promise<string> {
  const app = path.join(work, name);
  await cp(path.join(FIXTURES, fixture), app, { recursive: true });
  return app;
}

describe('the commands in the README', { timeout: 600_000 }, () => {
  it('are each proven by this file', async () => {
    const commands = await readmeCommands();
    expect(commands.length).toBeGreaterThan(30);
    expect(commands.filter((c) => PROOFS[c] === undefined)).toEqual([]);
    // A proof for a command the README no longer has is stale.
    expect(Object.keys(PROOFS).filter((c) => !commands.includes(c))).toEqual([]);
  });

  it('work as written on a fresh machine, with the package from a registry', async () => {
    let n = 0;
    let inProcess = 0;
    const failed: string[] = [];
    for (const [command, proof] of Object.entries(PROOFS)) {
      if (!('run' in proof)) continue;
      n += 1;
      const app = await freshApp(proof.run, `app-${n}`);
      await proof.setup?.(app);
      const args = inProcessArgs(command);
      const result = args === null ? await execa('bash', ['-c', command], { cwd: app, env, extendEnv: false, reject: false, stdin: 'ignore' }) : await runMain(args, app, env).then((r) => ({ exitCode: r.exit, stderr: r.stderr }));
      if (args !== null) inProcess += 1;
      if (result.exitCode !== (proof.exit ?? 0)) failed.push(`${command} (in ${proof.run}): exit ${result.exitCode}\n${result.stderr.slice(-800)}`);
    }
    expect(n).toBeGreaterThan(15);
    // The launchers themselves (npx, npm create, a pipe, a cd) still run as written, from the registry.
    expect(n - inProcess).toBeGreaterThanOrEqual(4);
    expect(failed).toEqual([]);
  });

  it('that come after a run are the ones the run prints', async () => {
    for (const [command, proof] of Object.entries(PROOFS)) {
      if (!('printed' in proof)) continue;
      const app = await freshApp(proof.printed, `printed-${command.length}-${Math.random().toString(36).slice(2)}`);
      const result = await runCli([app, '--yes', ...(proof.args ?? [])], app);
      expect(result.stdout.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()), command).toContain(command);
    }
  });

  it('that CI runs are in .ci/run', async () => {
    const ci = await readFile(path.join(ROOT, '.ci/run'), 'utf8');
    for (const proof of Object.values(PROOFS)) if ('ci' in proof) expect(ci).toMatch(new RegExp(`^(\\w+=\\S+ )*${proof.ci.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}( |$)`, 'm'));
  });
});
