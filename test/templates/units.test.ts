import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES, builtinsMatch, listTemplates, readBuiltin } from '../../src/templates/builtin.js';
import { parseFlags, REMEMBERED } from '../../src/flags.js';
import { resolveNames } from '../../src/templates/eject.js';
import { isOwned } from '../../src/templates/owned.js';
import { templatesDir } from '../../src/templates/overrides.js';
import { renderSettings } from '../../src/settings.js';

describe('template flags', () => {
  it('--check implies --yes (a check never asks) and is not remembered; --templates is', () => {
    expect(parseFlags(['--check']).yes).toBe(true);
    expect(parseFlags(['--check']).check).toBe(true);
    expect(parseFlags([]).yes).toBe(false);
    expect(REMEMBERED.has('check')).toBe(false);
    expect(REMEMBERED.has('templates')).toBe(true);
    expect(parseFlags([], { templates: 'docker/templates' }).templates).toBe('docker/templates');
  });

  it.for([
    ['docker/templates/', 'docker/templates'],
    ['./tpl', 'tpl'],
    ['a\\b', 'a/b'],
  ])('normalises %s to %s', ([given, clean], { expect }) => {
    expect(templatesDir(given as string)).toBe(clean);
  });

  it.for(['../x', '/etc', '.', 'a/../../b'])('refuses %s (not a folder inside the repo)', (given, { expect }) => {
    expect(() => templatesDir(given)).toThrow(/inside the repo/);
  });
});

describe('owned files', () => {
  it('recognises the marker in the first lines or the owned list, nothing else', () => {
    expect(isOwned('Dockerfile', '# syntax=docker/dockerfile:1\n# create-dockerfile: owned\nFROM x\n', [])).toBe(true);
    expect(isOwned('Dockerfile', '#  Create-Dockerfile:  OWNED  \n', [])).toBe(true);
    expect(isOwned('Dockerfile', 'FROM x\nRUN echo "# create-dockerfile: owned"\n', [])).toBe(false);
    expect(isOwned('Dockerfile', `${'\n'.repeat(10)}# create-dockerfile: owned\n`, [])).toBe(false);
    expect(isOwned('compose.yaml', null, ['compose.yaml'])).toBe(true);
    expect(isOwned('compose.yaml', 'services: {}\n', ['Dockerfile'])).toBe(false);
  });

  it('keeps the owned list when the settings file is rewritten, and adds nothing when empty', () => {
    expect(JSON.parse(renderSettings({ port: '8080' }, ['Dockerfile'])?.contents ?? '').owned).toEqual(['Dockerfile']);
    expect(JSON.parse(renderSettings({ port: '8080' })?.contents ?? '')).not.toHaveProperty('owned');
    expect(renderSettings({}, [])).toBeNull();
  });
});

describe('eject names', () => {
  it('accepts full, extension-less, stack and partial names', () => {
    expect(resolveNames(['healthcheck'])).toEqual(['_partials/healthcheck.hbs']);
    expect(resolveNames(['_partials/labels'])).toEqual(['_partials/labels.hbs']);
    expect(resolveNames(['go/Dockerfile.hbs', 'python'])).toEqual(['go/Dockerfile.hbs', 'python/Dockerfile.hbs']);
    expect(resolveNames([])).toContain('node/Dockerfile.hbs');
  });
});

describe('the staleness check of precompiled templates', () => {
  it('accepts the sources the build used, and nothing else, so a stale build compiles', async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), 'cdf-templates-'));
    try {
      await cp(BUILTIN_TEMPLATES, copy, { recursive: true });
      const sources = Object.fromEntries(listTemplates().map((name) => [name, readBuiltin(name)]));
      expect(builtinsMatch(sources, copy)).toBe(true);
      await appendFile(path.join(copy, '_partials', 'labels.hbs'), '\n');
      expect(builtinsMatch(sources, copy)).toBe(false);
      await cp(path.join(BUILTIN_TEMPLATES, '_partials', 'labels.hbs'), path.join(copy, '_partials', 'labels.hbs'));
      expect(builtinsMatch(sources, copy)).toBe(true);
      await writeFile(path.join(copy, '_partials', 'extra.hbs'), 'x\n');
      expect(builtinsMatch(sources, copy)).toBe(false);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
