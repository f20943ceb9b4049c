import { afterEach, describe, expect, it } from 'vitest';
import { listTemplates } from '../../src/templates/builtin.js';
import { copyFixture, listFixtures, removeDir } from '../helpers.js';
import { generated, put, read, runTemplatesCli, VERSION } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fixture(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

describe('templates eject', () => {
  it.for(['node-npm-express', 'nextjs-standalone', 'go-gin', 'python-poetry-flask', 'java-spring-maven-wrapper', 'mono-turbo-express'])(
    'eject then regenerate gives identical files ($0)',
    async (name, { expect }) => {
      const dir = await fixture(name);
      const args = (await listFixtures()).find((f) => f.name === name)?.spec.args ?? [];
      const before = await generated(dir, args);
      const ejected = await runTemplatesCli(['eject'], dir);
      expect(ejected.exit).toBe(0);
      // The folder is remembered: a plain re-run renders with the ejected copies.
      expect(JSON.parse(await read(dir, '.create-dockerfile.json')).options.templates).toBe('docker/templates');
      const after = await generated(dir, args);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, text] of before) expect(after.get(file), file).toBe(text);
    },
  );

  it.for([
    ['go-gin', 'go/Dockerfile.hbs'],
    ['nextjs-standalone', 'node/Dockerfile.hbs'],
    ['python-poetry-flask', 'python/Dockerfile.hbs'],
  ])('copies only the templates of the detected stack and the partials (%s)', async ([name, own], { expect }) => {
    const dir = await fixture(name as string);
    const result = await runTemplatesCli(['eject'], dir);
    expect(result.exit).toBe(0);
    const written = [...result.stdout.matchAll(/^create {4}docker\/templates\/(\S+)$/gm)].map((m) => m[1]);
    expect(written).toContain(own);
    expect(written.filter((n) => !(n as string).startsWith('_partials/') && !(n as string).startsWith(`${(own as string).split('/')[0]}/`))).toEqual([]);
    expect(written.filter((n) => (n as string).startsWith('_partials/')).sort()).toEqual(listTemplates().filter((n) => n.startsWith('_partials/')));
  });

  it('says what to do where no app is found', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const os = await import('node:os');
    const empty = await mkdtemp(`${os.tmpdir()}/cdf-eject-`);
    dirs.push(empty);
    const result = await runTemplatesCli(['eject'], empty);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain('name the templates to eject');
    expect(result.stderr).toContain('--all');
  });

  it('copies every built-in with --all, with a header naming the version it came from', async () => {
    const dir = await fixture('node-npm-express');
    const result = await runTemplatesCli(['eject', '--all', '--templates', 'ci/templates'], dir);
    expect(result.exit).toBe(0);
    for (const name of listTemplates()) {
      const text = await read(dir, `ci/templates/${name}`);
      expect(text.split('\n')[0]).toMatch(new RegExp(`^\\{\\{!-- create-dockerfile ${VERSION.replace(/\./g, '\\.')}: built-in ${name}, ejected`));
      expect(result.stdout).toContain(`create    ci/templates/${name}`);
    }
  });

  it('ejects only the names given, by short or full name', async () => {
    const dir = await fixture('node-npm-express');
    const result = await runTemplatesCli(['eject', 'healthcheck', 'go/Dockerfile.hbs'], dir);
    expect(result.exit).toBe(0);
    const written = result.stdout.split('\n').filter((l) => l.startsWith('create')).map((l) => l.split(/\s+/)[1]);
    expect(written).toEqual(['docker/templates/_partials/healthcheck.hbs', 'docker/templates/go/Dockerfile.hbs', '.create-dockerfile.json']);
  });

  it('refuses an unknown name with exit 2, listing the real ones', async () => {
    const dir = await fixture('node-npm-express');
    const result = await runTemplatesCli(['eject', 'helthcheck'], dir);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain('_partials/healthcheck.hbs');
  });

  it('keeps an edited template unless --force', async () => {
    const dir = await fixture('node-npm-express');
    await put(dir, 'docker/templates/_partials/labels.hbs', '# ours\n');
    const kept = await runTemplatesCli(['eject', 'labels'], dir);
    expect(kept.exit).toBe(4);
    expect(await read(dir, 'docker/templates/_partials/labels.hbs')).toBe('# ours\n');
    const forced = await runTemplatesCli(['eject', 'labels', '--force'], dir);
    expect(forced.exit).toBe(0);
    expect(await read(dir, 'docker/templates/_partials/labels.hbs')).toContain('LABEL {{key}}={{value}}');
  });

  it('lists the built-ins and marks the overridden ones', async () => {
    const dir = await fixture('node-npm-express');
    await runTemplatesCli(['eject', 'healthcheck'], dir);
    const result = await runTemplatesCli(['list'], dir);
    expect(result.stdout).toContain('_partials/healthcheck.hbs  (overridden by docker/templates/_partials/healthcheck.hbs)');
    expect(result.stdout).toMatch(/^_partials\/labels\.hbs$/m);
  });
});
