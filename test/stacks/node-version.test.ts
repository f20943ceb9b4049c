import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { readPackageJson } from '../../src/stacks/node/package-json.js';
import { detectNodeVersion } from '../../src/stacks/node/version.js';
import { endOfLifeWarning, fromMiseToml, fromVersionFile } from '../../src/stacks/node/version-sources.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function version(files: Record<string, string>): Promise<{ version: string; evidence: { file: string; reason: string }[]; warnings: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-ver-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries({ 'package.json': '{"name":"a"}', ...files })) await writeFile(path.join(dir, file), text);
  const project = await createProject(dir);
  const evidence: { file: string; reason: string }[] = [];
  const warnings: string[] = [];
  const pkg = await readPackageJson(project);
  if (pkg === null) throw new Error('no package.json');
  return { version: await detectNodeVersion(project, pkg, evidence, warnings), evidence, warnings };
}

describe('.nvmrc and .node-version aliases', () => {
  it.each([
    ['22', '22'],
    ['v22.11.0\n', '22.11.0'],
    ['lts/jod', '22'],
    ['lts/krypton', '24'],
    ['lts/iron', '20'],
    ['lts/*', '26'],
    ['node', '26'],
    ['# pinned for the team\nlts/jod # comment\n', '22'],
  ])('%j → %s', (text, expected) => {
    expect(fromVersionFile(text)).toBe(expected);
  });

  it('refuses names it does not know', () => {
    expect(fromVersionFile('lts/unknown')).toBeNull();
    expect(fromVersionFile('system')).toBeNull();
  });
});

describe('mise [tools]', () => {
  it.each([
    ['[tools]\nnode = "22"\n', '22'],
    ['[tools]\nnode = ["24.1.0", "22"]\n', '24.1.0'],
    ['[tools]\nnode = { version = "lts/jod" }\n', '22'],
    ['[tools]\npython = "3.13"\n', null],
    ['not toml = = =', null],
  ])('%j → %s', (text, expected) => {
    expect(fromMiseToml(text)).toBe(expected);
  });
});

describe('which source wins', () => {
  it('.nvmrc over mise, Volta and engines', async () => {
    const r = await version({ '.nvmrc': '24', 'mise.toml': '[tools]\nnode = "22"\n', 'package.json': '{"volta":{"node":"22.1.0"},"engines":{"node":">=22"}}' });
    expect(r.version).toBe('24');
    expect(r.evidence).toContainEqual({ file: '.nvmrc', reason: 'Node.js 24' });
  });

  it('mise.toml, then .mise.toml, over Volta', async () => {
    expect((await version({ '.mise.toml': '[tools]\nnode = "24"\n', 'package.json': '{"volta":{"node":"22.1.0"}}' })).version).toBe('24');
  });

  it('Volta over engines.node', async () => {
    expect((await version({ 'package.json': '{"volta":{"node":"22.11.0"},"engines":{"node":">=20"}}' })).version).toBe('22.11.0');
  });

  it('engines.node: the highest supported LTS inside the range, never outside it', async () => {
    expect((await version({ 'package.json': '{"engines":{"node":">=20 <25"}}' })).version).toBe('24');
    expect((await version({ 'package.json': '{"engines":{"node":"^22.12.0"}}' })).version).toBe('22');
  });

  it('keeps an end-of-life major from engines, with a warning naming the next LTS', async () => {
    const r = await version({ 'package.json': '{"engines":{"node":"18.x"}}' });
    expect(r.version).toBe('18');
    expect(r.warnings.join('\n')).toMatch(/Node.js 18 .*end-of-life.*Node.js 22/);
  });

  it('warns when a pinned file is outside engines.node', async () => {
    const r = await version({ '.nvmrc': '22', 'package.json': '{"engines":{"node":">=24"}}' });
    expect(r.version).toBe('22');
    expect(r.warnings.join('\n')).toMatch(/outside engines.node ">=24"/);
  });
});

describe('end-of-life warning', () => {
  it('is silent for supported lines and names the next LTS for the others', () => {
    expect(endOfLifeWarning('24', 'x')).toBeNull();
    expect(endOfLifeWarning('27', 'x')).toBeNull();
    expect(endOfLifeWarning('20.11.1', '.nvmrc')).toMatch(/Node.js 20 \(from .nvmrc\).*Node.js 22/);
    expect(endOfLifeWarning('23', 'x')).toMatch(/Node.js 24/);
  });
});

describe('locked packages that use an API a later Node.js removed', () => {
  const npmLock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/jwa': { version: '1.4.1', dependencies: { 'buffer-equal-constant-time': '1.0.1' } }, 'node_modules/buffer-equal-constant-time': { version: '1.0.1' } } });
  const yarnLock = 'buffer-equal-constant-time@1.0.1:\n  version "1.0.1"\n';

  it('keeps an unpinned app on the newest LTS before the removal (SlowBuffer, gone in Node.js 25)', async () => {
    const byDefault = await version({ 'package-lock.json': npmLock });
    expect(byDefault.version).toBe('24');
    expect(byDefault.evidence).toContainEqual({ file: 'package-lock.json', reason: 'buffer-equal-constant-time uses SlowBuffer, removed in Node.js 25: Node.js 24, the newest LTS before it' });
    expect((await version({ 'yarn.lock': yarnLock, 'package.json': '{"engines":{"node":">=12.0.0"}}' })).version).toBe('24');
  });

  it('keeps a range that allows only newer majors, and a pinned version, with a warning for the pin', async () => {
    expect((await version({ 'package-lock.json': npmLock, 'package.json': '{"engines":{"node":">=26"}}' })).version).toBe('26');
    const pinned = await version({ 'package-lock.json': npmLock, '.nvmrc': '26' });
    expect(pinned.version).toBe('26');
    expect(pinned.warnings.join('\n')).toContain('buffer-equal-constant-time uses SlowBuffer, removed in Node.js 25; .nvmrc asks for Node.js 26');
  });

  it('changes nothing without such a package', async () => {
    expect((await version({ 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }) })).version).toBe('26');
  });
});
