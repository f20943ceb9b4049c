import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCompose } from '../../src/render/compose.js';
import { volumeName } from '../../src/render/volume-name.js';
import type { FoundService } from '../../src/services/types.js';
import type { Plan } from '../../src/types.js';

type Doc = Record<string, any>;

describe('volumeName', () => {
  it('reads a plain path as its name', () => {
    expect(volumeName('/app/public/uploads')).toBe('app-public-uploads');
    expect(volumeName('/app/.data')).toBe('app-.data');
    expect(volumeName('/app/data/')).toBe('app-data');
  });

  it('keeps apart paths that differ only in characters the name drops', () => {
    const paths = ['/app/a-b', '/app/a/b', '/app/a@b', '/app/a+b', '/app/a--b', '/app/a/-b', '/app/a-/b', '/app/a/b/0f3c2a1e'];
    const names = paths.map((p) => volumeName(p));
    expect(new Set(names).size).toBe(paths.length);
    expect(volumeName('/app/a/b')).toBe('app-a-b');
    expect(volumeName('/app/a-b')).toMatch(/^app-a-b--[0-9a-f]{8}$/);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
  });

  it('gives a path the same name whatever else is kept', () => {
    expect(volumeName('/app/a-b')).toBe(volumeName('/app/a-b', new Set(['app-a', 'redis-data'])));
    expect(volumeName('/app/a-b')).not.toBe(volumeName('/app/a_b'));
  });

  it('never reuses the name of a service volume', () => {
    expect(volumeName('/postgres/data', new Set(['postgres-data']))).toMatch(/^postgres-data--[0-9a-f]{8}$/);
  });
});

describe('compose.prod.yaml volumes for writable folders', () => {
  const services: FoundService[] = [{ id: 'postgres', evidence: { file: 'x', reason: 'test' } }];

  const plan: Plan = {
    stack: 'node',
    template: 'node/Dockerfile.hbs',
    data: {},
    ignore: [],
    notes: [],
    image: {
      port: 3000,
      healthcheck: null,
      user: 'node',
      tmpfs: ['/tmp'],
      volumes: ['/app/a-b', '/app/a/b'],
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: ['.'], rebuild: ['package-lock.json'], workdir: '/app' },
      env: {},
    },
  };

  it('gives `a-b` and `a/b` a volume each, declared at the top level', () => {
    const files = Object.fromEntries(renderCompose(plan, { services, version: '0.0.0', existing: null, writeEnvExample: true, gitignore: null }).files.map((f) => [f.path, f.contents]));
    const prod = parse(files['compose.prod.yaml'] as string) as Doc;
    const mounts = prod.services.app.volumes as string[];
    expect(mounts).toHaveLength(2);
    expect(mounts.map((m) => m.split(':')[1])).toEqual(['/app/a-b', '/app/a/b']);
    const names = mounts.map((m) => m.split(':')[0]);
    expect(new Set(names).size).toBe(2);
    expect(Object.keys(prod.volumes)).toEqual(names);
    const base = parse(files['compose.yaml'] as string) as Doc;
    for (const name of names) expect(Object.keys(base.volumes)).not.toContain(name);
  });
});
