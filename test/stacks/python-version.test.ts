import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { python } from '../../src/stacks/python/index.js';
import { miseToolsPython } from '../../src/stacks/python/version.js';
import { compiledPackages, hasWheelFor } from '../../src/stacks/python/wheels.js';

const temps: string[] = [];
afterAll(async () => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

async function detectIn(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-pyver-'));
  temps.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return python.detect(await createProject(dir));
}

const wheel = (name: string, version: string, tags: string): string => `${name.replace(/-/g, '_')}-${version}-${tags}.whl`;

/** A uv.lock package with the given wheel tag triples (python-abi-platform). */
function uvPackage(name: string, version: string, tags: readonly string[]): string {
  const wheels = tags.map((t) => `    { url = "https://files.pythonhosted.org/packages/aa/${wheel(name, version, t)}", hash = "sha256:00", size = 1 },`);
  return `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/${name}-${version}.tar.gz" }\nwheels = [\n${wheels.join('\n')}\n]\n`;
}

const LINUX = 'manylinux_2_17_x86_64.manylinux2014_x86_64';
const PYDANTIC_CORE = uvPackage('pydantic-core', '2.33.2', ['3.11', '3.12', '3.13', '3.14'].map((m) => `cp${m.replace('.', '')}-cp${m.replace('.', '')}-${LINUX}`));
const PURE = uvPackage('idna', '3.10', ['py3-none-any']);
const ABI3 = uvPackage('cryptography', '46.0.0', [`cp311-abi3-${LINUX}`, 'cp311-abi3-win_amd64']);
const PYPROJECT = (requires: string): string => `[project]\nname = "svc"\nversion = "1"\nrequires-python = "${requires}"\ndependencies = ["pydantic"]\n`;

describe('wheel tags in lockfiles', () => {
  it('reads exact-ABI and abi3 Linux wheels, and skips pure and sdist-only packages', () => {
    const packages = compiledPackages(`version = 1\n\n${PYDANTIC_CORE}\n${PURE}\n${ABI3}\n[[package]]\nname = "sdist-only"\nversion = "1"\n`);
    expect(packages.map((p) => p.name)).toEqual(['pydantic-core', 'cryptography']);
    const [core, crypto] = packages;
    expect(core?.minors).toEqual(['3.14', '3.13', '3.12', '3.11']);
    expect(hasWheelFor(core!, '3.15')).toBe(false);
    expect(hasWheelFor(crypto!, '3.15')).toBe(true);
    expect(hasWheelFor(crypto!, '3.10')).toBe(false);
  });

  it('reads poetry.lock and pdm.lock `files = [{file = …}]` entries', () => {
    const lock = `[[package]]\nname = "psycopg2-binary"\nversion = "2.9.9"\nfiles = [\n    {file = "${wheel('psycopg2-binary', '2.9.9', `cp312-cp312-${LINUX}`)}", hash = "sha256:00"},\n    {file = "${wheel('psycopg2-binary', '2.9.9', 'cp312-cp312-win_amd64')}", hash = "sha256:00"},\n    {file = "psycopg2-binary-2.9.9.tar.gz", hash = "sha256:00"},\n]\n`;
    expect(compiledPackages(lock)).toEqual([{ name: 'psycopg2-binary', version: '2.9.9', minors: ['3.12'], abi3From: null }]);
  });
});

describe('the default Python is one the locked packages can install', () => {
  it('uv.lock: a compiled package with wheels up to cp314 gives 3.14, and the evidence says why', async () => {
    const detection = await detectIn({ 'pyproject.toml': PYPROJECT('>=3.11'), 'uv.lock': `version = 1\n${PYDANTIC_CORE}${PURE}`, 'main.py': 'print(1)\n' });
    expect(detection?.values.languageVersion).toBe('3.14');
    expect(detection?.evidence).toContainEqual({ file: 'uv.lock', reason: expect.stringMatching(/Python 3\.14 \(within requires-python ">=3\.11"\).*pydantic-core 2\.33\.2 \(wheels up to cp314\) has none for 3\.15/) });
  });

  it('poetry.lock: psycopg2-binary 2.9.9 (cp312 at most) gives 3.12', async () => {
    const lock = `[[package]]\nname = "psycopg2-binary"\nversion = "2.9.9"\nfiles = [\n    {file = "${wheel('psycopg2-binary', '2.9.9', `cp311-cp311-${LINUX}`)}", hash = "sha256:00"},\n    {file = "${wheel('psycopg2-binary', '2.9.9', `cp312-cp312-${LINUX}`)}", hash = "sha256:00"},\n]\n`;
    const detection = await detectIn({ 'pyproject.toml': '[tool.poetry]\nname = "svc"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n', 'poetry.lock': lock, 'main.py': 'print(1)\n' });
    expect(detection?.values.languageVersion).toBe('3.12');
  });

  it('stays within requires-python, and only pure packages leave the newest allowed', async () => {
    expect((await detectIn({ 'pyproject.toml': PYPROJECT('>=3.11,<3.14'), 'uv.lock': PYDANTIC_CORE, 'main.py': '' }))?.values.languageVersion).toBe('3.13');
    expect((await detectIn({ 'pyproject.toml': PYPROJECT('>=3.11'), 'uv.lock': PURE, 'main.py': '' }))?.values.languageVersion).toBe('3.15');
  });

  it('warns when no allowed Python has wheels for everything, and takes the newest allowed', async () => {
    const detection = await detectIn({ 'pyproject.toml': PYPROJECT('>=3.15'), 'uv.lock': PYDANTIC_CORE, 'main.py': '' });
    expect(detection?.values.languageVersion).toBe('3.15');
    expect(detection?.warnings.join('\n')).toMatch(/uv\.lock: no Python that requires-python ">=3\.15" allows has wheels.*pydantic-core/);
  });

  it('a pinned version wins over the wheels', async () => {
    const detection = await detectIn({ '.python-version': '3.15\n', 'pyproject.toml': PYPROJECT('>=3.11'), 'uv.lock': PYDANTIC_CORE, 'main.py': '' });
    expect(detection?.values.languageVersion).toBe('3.15');
  });
});

describe('version sources', () => {
  it('reads mise [tools] python in its three forms', () => {
    expect(miseToolsPython('[tools]\npython = "3.12"\n')).toBe('3.12');
    expect(miseToolsPython('[tools]\npython = ["3.11", "3.10"]\n')).toBe('3.11');
    expect(miseToolsPython('[tools]\npython = { version = "3.13.1" }\n')).toBe('3.13.1');
    expect(miseToolsPython('[tools]\nnode = "22"\n')).toBeNull();
  });

  it('takes mise.toml and .mise.toml as pins', async () => {
    expect((await detectIn({ 'mise.toml': '[tools]\npython = "3.12"\n', 'requirements.txt': '', 'main.py': '' }))?.values.languageVersion).toBe('3.12');
    expect((await detectIn({ '.mise.toml': '[tools]\npython = "3.13"\n', 'requirements.txt': '', 'main.py': '' }))?.values.languageVersion).toBe('3.13');
  });

  it('keeps a pinned end-of-life version and names the oldest supported one', async () => {
    const detection = await detectIn({ '.python-version': '3.9\n', 'requirements.txt': '', 'main.py': '' });
    expect(detection?.values.languageVersion).toBe('3.9');
    expect(detection?.warnings).toContain('Python 3.9 is past end of life; kept because the repo pins it. The oldest supported line is Python 3.11.');
  });

  it.each([
    ['.python-version', '2.7.18\n'],
    ['runtime.txt', 'python-2.7.18\n'],
    ['Pipfile', '[requires]\npython_version = "2.7"\n'],
    ['pyproject.toml', '[project]\nname = "old"\nversion = "1"\nrequires-python = "==2.7.*"\n'],
  ])('refuses Python 2 from %s and says why', async (file, text) => {
    const files: Record<string, string> = { [file]: text, 'main.py': 'print "hi"\n' };
    if (file !== 'Pipfile' && file !== 'pyproject.toml') files['requirements.txt'] = '';
    await expect(detectIn(files)).rejects.toThrow(/Python 2 reached end of life in January 2020 and has no maintained python image/);
  });
});
