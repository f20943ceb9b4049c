import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCompose, type ComposeContext } from '../../src/render/compose.js';
import type { FoundService } from '../../src/services/types.js';
import type { Plan } from '../../src/types.js';
import { FIXTURES, listFixtures, removeDir, runCli, type JsonOutput } from '../helpers.js';

type Doc = Record<string, any>;

const schema = JSON.parse(readFileSync('/work/shared/schemas/compose-spec.json', 'utf8')) as Doc;
delete schema.$schema;
const validateSchema = new Ajv({ strict: false, allErrors: true }).compile(schema);

const DURATION = /^\d+(ms|s|m|h)$/;
const MEMORY = /^\d+(\.\d+)?[kmg]?b?$/i;
const CREDENTIAL = /(PASSWORD|SECRET|TOKEN)$/;

function load(text: string): Doc {
  return parse(text, { merge: true }) as Doc;
}

/** The lint-rules.md compose rules, over the three parsed files. */
export function assertComposeRules(base: Doc, dev: Doc, prod: Doc): void {
  for (const doc of [base, dev, prod]) expect(doc).not.toHaveProperty('version');
  const services = base.services as Record<string, Doc>;
  for (const [name, svc] of Object.entries(services)) {
    for (const [target, dep] of Object.entries((svc.depends_on ?? {}) as Record<string, Doc>)) {
      expect(services, `${name} depends on ${target}`).toHaveProperty(target);
      if (dep.condition === 'service_healthy') expect(services[target]?.healthcheck, `${target} needs a healthcheck`).toBeDefined();
    }
    if (svc.healthcheck !== undefined) {
      expect(Array.isArray(svc.healthcheck.test), `${name} healthcheck.test is a list`).toBe(true);
      expect(['CMD', 'CMD-SHELL']).toContain(svc.healthcheck.test[0]);
      for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
        if (svc.healthcheck[key] !== undefined) expect(svc.healthcheck[key]).toMatch(DURATION);
      }
    }
  }
  // Credentials: none in the base; a marked development-only default in the dev overlay; required in production.
  const forms = [[base, /^$/], [dev, /^\$\{(\w+):-dev-only-password\}$/], [prod, /^\$\{(\w+):\?set \1 in \.env[^}]*\}$/]] as const;
  for (const [doc, form] of forms) {
    for (const [name, svc] of Object.entries((doc.services ?? {}) as Record<string, Doc>)) {
      for (const [key, value] of Object.entries((svc.environment ?? {}) as Record<string, string>)) {
        if (CREDENTIAL.test(key)) expect(value, `${name}.${key}`).toMatch(form);
        if (/:\/\/[^/]*:[^@$]+@/.test(value) && !value.includes('${')) throw new Error(`${key} holds a literal password: ${value}`);
      }
    }
  }
  expect(base.services.app.build.target).toBe('production');
  expect(base.services.app.env_file).toContainEqual({ path: '.env', required: false });
  const app = prod.services.app as Doc;
  expect(app.restart).toBe('unless-stopped');
  expect(app.read_only).toBe(true);
  expect(app.deploy.resources.limits.memory).toMatch(MEMORY);
  expect(Number(app.deploy.resources.limits.cpus)).toBeGreaterThan(0);
  expect(app.logging.options['max-size']).toMatch(/^\d+[kmg]$/);
  for (const svc of Object.values(prod.services as Record<string, Doc>)) {
    expect(svc.restart).toBe('unless-stopped');
    for (const volume of (svc.volumes ?? []) as (string | Doc)[]) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : volume.type === 'bind' ? '.' : volume.source;
      expect(source, 'no bind mount of the source in production').not.toMatch(/^[./~]/);
    }
  }
  expect(dev.services.app.build.target).toBe('development');
  expect(dev.services.app.develop.watch.length).toBeGreaterThan(0);
  expect(dev.services.app.volumes).toBeUndefined();
}

/** Schema and rules for the three files; `docker compose config` checks them in the engine suite (test/e2e/compose-config.e2e.test.ts). */
function checkSet(files: Record<string, string>): void {
  const [base, dev, prod] = ['compose.yaml', 'compose.dev.yaml', 'compose.prod.yaml'].map((f) => load(files[f] ?? ''));
  for (const doc of [base, dev, prod]) {
    const ok = validateSchema(doc);
    expect(validateSchema.errors ?? [], 'compose-spec schema').toEqual([]);
    expect(ok).toBe(true);
  }
  assertComposeRules(base as Doc, dev as Doc, prod as Doc);
}

const fixtures = (await listFixtures()).filter((f) => f.spec.expect?.exit === undefined);

describe('every fixture gets a compose set that validates and follows the rules', () => {
  it.for(fixtures)('$name', async (fixture) => {
    const run = await runCli([fixture.dir, '--yes', '--dry-run', '--json', ...(fixture.spec.args ?? [])], fixture.dir);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as JsonOutput;
    const files = Object.fromEntries(json.files.filter((f) => f.path.startsWith('compose')).map((f) => [f.path, f.contents]));
    expect(Object.keys(files).sort()).toEqual(['compose.dev.yaml', 'compose.prod.yaml', 'compose.yaml']);
    checkSet(files);
  });
});

export function fakePlan(overrides: Partial<Plan['image']> = {}, stack: Plan['stack'] = 'node'): Plan {
  return {
    stack,
    template: 'node/Dockerfile.hbs',
    data: {},
    ignore: [],
    notes: [],
    image: {
      port: 8080,
      healthcheck: ['CMD', '/app/server', '-healthcheck'],
      user: 'nonroot:nonroot',
      tmpfs: ['/tmp'],
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: ['src'], rebuild: ['go.mod', 'go.sum'], workdir: '/src' },
      env: { PORT: '8080' },
      ...overrides,
    },
  };
}

const CONTEXT: ComposeContext = { services: [], version: '0.0.0', existing: null, writeEnvExample: true, gitignore: null };

function filesOf(plan: Plan, services: FoundService[] = [], ctx: Partial<ComposeContext> = {}): Record<string, string> {
  return Object.fromEntries(renderCompose(plan, { ...CONTEXT, services, ...ctx }).files.map((f) => [f.path, f.contents]));
}

const every: FoundService[] = (['postgres', 'mariadb', 'redis', 'mongodb'] as const).map((id) => ({ id, evidence: { file: 'x', reason: 'test' } }));

describe('compose renderer', () => {
  it('adds every service with a healthcheck, a named volume and service_healthy ordering', () => {
    const files = filesOf(fakePlan(), every);
    checkSet(files);
    const base = load(files['compose.yaml'] as string);
    expect(Object.keys(base.services)).toEqual(['app', 'postgres', 'mariadb', 'redis', 'mongo']);
    expect(Object.keys(base.volumes)).toEqual(['postgres-data', 'mariadb-data', 'redis-data', 'mongo-data']);
    // Connection settings that carry a password live in the overlays, one form each.
    expect(base.services.app.environment.DATABASE_URL).toBeUndefined();
    const dev = load(files['compose.dev.yaml'] as string);
    expect(dev.services.app.environment.DATABASE_URL).toBe('postgresql://app:${POSTGRES_PASSWORD:-dev-only-password}@postgres:5432/app');
    expect(dev.services.app.environment.MARIADB_URL).toBe('mariadb://app:${MARIADB_PASSWORD:-dev-only-password}@mariadb:3306/app');
    expect(load(files['compose.prod.yaml'] as string).services.app.environment.MONGODB_URI).toContain('@mongo:27017/');
    expect(files['compose.dev.yaml']).toContain('${POSTGRES_PASSWORD:-dev-only-password} # development-only default');
  });

  it('lists every variable the files read in .env.example, with a comment each', () => {
    const files = filesOf(fakePlan(), every);
    const text = files['.env.example'] as string;
    const read = new Set(Object.entries(files).filter(([f]) => f.startsWith('compose')).flatMap(([, t]) => [...t.matchAll(/\$\{(\w+)/g)].map((m) => m[1])));
    const listed = [...text.matchAll(/^(\w+)=/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(read);
    const lines = text.split('\n');
    for (const name of listed) expect(lines[lines.indexOf(`${name}=${name === 'APP_PORT' ? '8080' : ''}`) - 1], name).toMatch(/^# \w/);
  });

  it("leaves a .env.example of the repo's own alone and says what the files read", () => {
    const out = renderCompose(fakePlan(), { ...CONTEXT, services: every, writeEnvExample: false });
    expect(out.files.map((f) => f.path)).not.toContain('.env.example');
    expect(out.notes.join('\n')).toMatch(/\.env\.example is the repo's own.*APP_PORT, POSTGRES_PASSWORD, MARIADB_PASSWORD, MARIADB_ROOT_PASSWORD, MONGO_PASSWORD/);
  });

  it('gives Spring Boot apps SPRING_* settings and more memory', () => {
    const files = filesOf(fakePlan({}, 'java'), every.filter((s) => s.id !== 'mariadb'));
    checkSet(files);
    const base = load(files['compose.yaml'] as string);
    expect(base.services.app.environment.SPRING_DATASOURCE_URL).toBe('jdbc:postgresql://postgres:5432/app');
    expect(base.services.app.environment.SPRING_DATA_REDIS_HOST).toBe('redis');
    expect(load(files['compose.prod.yaml'] as string).services.app.deploy.resources.limits.memory).toBe('1G');
  });

  it('sets the connection variables the app reads (PGHOST, DB_USER, REDIS_HOST), the password only in the overlays', () => {
    const services: FoundService[] = [
      { id: 'postgres', evidence: { file: 'x', reason: 'test' }, reads: ['PGDATABASE', 'PGHOST', 'PGPASSWORD', 'PGPORT', 'PGUSER', 'DB_NAME'] },
      { id: 'redis', evidence: { file: 'x', reason: 'test' }, reads: ['REDIS_HOST'] },
    ];
    const files = filesOf(fakePlan({}, 'python'), services);
    checkSet(files);
    const app = load(files['compose.yaml'] as string).services.app.environment;
    expect(app).toMatchObject({ PGHOST: 'postgres', PGPORT: '5432', PGDATABASE: 'app', PGUSER: 'app', DB_NAME: 'app', REDIS_HOST: 'redis', REDIS_URL: 'redis://redis:6379' });
    expect(app.PGPASSWORD).toBeUndefined();
    expect(load(files['compose.dev.yaml'] as string).services.app.environment).toMatchObject({ PGPASSWORD: '${POSTGRES_PASSWORD:-dev-only-password}', DATABASE_URL: expect.stringContaining('@postgres:5432/app') });
    expect(load(files['compose.prod.yaml'] as string).services.app.environment.PGPASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    // Nothing the app does not read, and Java apps keep SPRING_* with the variables they read.
    expect(filesOf(fakePlan({}, 'python'), every)['compose.yaml']).not.toContain('PGHOST');
    expect(load(filesOf(fakePlan({}, 'java'), services)['compose.yaml'] as string).services.app.environment).toMatchObject({ SPRING_DATASOURCE_URL: 'jdbc:postgresql://postgres:5432/app', PGHOST: 'postgres' });
  });

  it('leaves out ports and the healthcheck for an image without a port or probe', () => {
    const files = filesOf(fakePlan({ port: null, healthcheck: null, env: {}, tmpfs: [] }));
    checkSet(files);
    const base = load(files['compose.yaml'] as string);
    expect(base.services.app.ports).toBeUndefined();
    expect(base.services.app.healthcheck).toBeUndefined();
    expect(load(files['compose.prod.yaml'] as string).services.app.tmpfs).toBeUndefined();
  });

  it('syncs sub-folders to the workdir and rebuilds on lockfile changes', () => {
    const dev = load(filesOf(fakePlan())['compose.dev.yaml'] as string);
    expect(dev.services.app.develop.watch).toEqual([
      { action: 'sync', path: './src', target: '/src/src' },
      { action: 'rebuild', path: './go.mod' },
      { action: 'rebuild', path: './go.sum' },
    ]);
  });

  it('escapes $ from the plan so compose does not interpolate it', () => {
    const base = load(filesOf(fakePlan({ env: { GREETING: 'cost $5 ${HOME}' } }))['compose.yaml'] as string);
    expect(base.services.app.environment.GREETING).toBe('cost $$5 $${HOME}');
  });

  it('leaves the app healthcheck to the image, so a changed HEALTHCHECK is the one compose waits for', () => {
    const files = filesOf(fakePlan(), every);
    expect(load(files['compose.yaml'] as string).services.app.healthcheck).toBeUndefined();
    expect(load(files['compose.prod.yaml'] as string).services.app.healthcheck).toBeUndefined();
    // The dev stage has no probe of its own, and `disable: true` would make `up --wait` fail.
    expect(load(files['compose.dev.yaml'] as string).services.app.healthcheck).toBeUndefined();
  });

  it('refuses plan values that would break out of their field', () => {
    expect(() => filesOf(fakePlan({ user: 'node\nprivileged: true' }))).toThrow(/spans several lines|Refusing/);
    expect(() => filesOf(fakePlan({ tmpfs: ['/tmp:exec'] }))).toThrow(/Refusing/);
    expect(() => filesOf(fakePlan({ watch: { sync: ['../etc'], rebuild: [], workdir: '/app' } }))).toThrow(/Refusing/);
    expect(() => filesOf(fakePlan({ env: { 'BAD KEY': 'x' } }))).toThrow(/Refusing/);
  });

  it('writes no version key and produces the same text every time', () => {
    const a = filesOf(fakePlan(), every);
    expect(a).toEqual(filesOf(fakePlan(), every));
    for (const text of Object.values(a)) expect(text).not.toMatch(/^version:/m);
  });
});

it('the compose schema rejects an unknown service key', () => {
  expect(validateSchema({ services: { app: { image: 'x', restart_policy: 'always' } } })).toBe(false);
});

describe('a hostile package.json', () => {
  it('creates no key, service or interpolation in the compose files', async () => {
    const dir = await hostileRepo();
    try {
      const run = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
      const files = Object.fromEntries((JSON.parse(run.stdout) as JsonOutput).files.filter((f) => f.path.startsWith('compose')).map((f) => [f.path, f.contents]));
      checkSet(files);
      for (const text of Object.values(files)) {
        expect(text).not.toContain('evil');
        expect(text).not.toContain('${{');
      }
      const base = load(files['compose.yaml'] as string);
      expect(Object.keys(base).sort()).toEqual(['services', 'volumes']);
      expect(Object.keys(base.services)).toEqual(['app', 'postgres']);
      expect(Object.keys(base.services.app.environment)).toEqual(['PORT']);
      expect(Object.keys(load(files['compose.dev.yaml'] as string).services.app.environment)).toEqual(['DATABASE_URL']);
    } finally {
      await removeDir(dir);
    }
  });
});

/** A repo whose package.json tries to smuggle YAML keys and `${{ }}` expressions into generated files. */
async function hostileRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-hostile-'));
  const pkg = {
    name: 'evil-${{ github.event.issue.title }}',
    version: '1.0.0',
    description: 'x\nservices:\n  pwn:\n    image: evil\n${{ secrets.GITHUB_TOKEN }} --mount=type=secret,id=evil',
    scripts: { start: 'node server.js' },
    dependencies: { express: '^4.21.2', pg: '^8', 'evil\n  injected: ${{ github.event.issue.title }}': '1', '$(evil)': '1' },
  };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await writeFile(path.join(dir, 'server.js'), "require('express')().listen(process.env.PORT || 3000);\n");
  await copyFile(path.join(FIXTURES, 'node-npm-express', 'package-lock.json'), path.join(dir, 'package-lock.json'));
  return dir;
}

describe('flags', () => {
  const dir = path.join(FIXTURES, 'node-services-pg-redis');
  const composeOf = async (...args: string[]): Promise<Doc> => {
    const run = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
    return load((JSON.parse(run.stdout) as JsonOutput).files.find((f) => f.path === 'compose.yaml')?.contents ?? '');
  };

  it('--no-services leaves the detected services out', async () => {
    expect(Object.keys((await composeOf()).services)).toEqual(['app', 'postgres', 'redis']);
    const base = await composeOf('--no-services');
    expect(Object.keys(base.services)).toEqual(['app']);
    expect(base.services.app.depends_on).toBeUndefined();
    expect(base.volumes).toBeUndefined();
  });
});
