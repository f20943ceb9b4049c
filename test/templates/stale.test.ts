import { cp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT, runCli } from '../helpers.js';
import { put } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/**
 * test/templates/stale/node/Dockerfile.hbs is the built-in node template as `templates eject`
 * wrote it before the install stage's COPY lines, cache mounts and setup steps became data (its
 * header and text unchanged), then edited by a team (one comment). It prints those fields as text.
 */
async function appWithStaleTemplate(): Promise<string> {
  const dir = await copyFixture('node-npm-express');
  dirs.push(dir);
  await cp(path.join(ROOT, 'test/templates/stale'), path.join(dir, 'docker/templates'), { recursive: true });
  return dir;
}

describe('a team template ejected from an older plan shape', () => {
  it('fails naming the file, the line it would render and how to refresh it; writes nothing', async () => {
    const dir = await appWithStaleTemplate();
    const result = await runCli([dir, '--yes', '--templates', 'docker/templates'], dir);
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('docker/templates/node/Dockerfile.hbs was written for an older plan shape (ejected from create-dockerfile 0.1.0)');
    expect(result.stderr).toContain('rendering\n  [object Object]\n');
    expect(result.stderr).toContain('npx create-dockerfile templates eject node/Dockerfile.hbs --templates <scratch-folder>');
    expect(result.stdout).not.toContain('[object Object]');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });

  it('blames the partial when the stale text comes from an overridden partial', async () => {
    const dir = await appWithStaleTemplate();
    await removeDir(path.join(dir, 'docker/templates/node'));
    // A partial that prints the whole Copy, as a template written for COPY lines as text would.
    await put(dir, 'docker/templates/_partials/copy.hbs', 'COPY {{this}}\n');
    const result = await runCli([dir, '--yes', '--dry-run', '--templates', 'docker/templates'], dir);
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('docker/templates/_partials/copy.hbs was written for an older plan shape:');
    expect(result.stderr).toContain('templates eject _partials/copy.hbs');
  });

  it('renders once refreshed: the current built-in with the team edit carried over', async () => {
    const dir = await appWithStaleTemplate();
    const builtin = await readFile(path.join(ROOT, 'templates/node/Dockerfile.hbs'), 'utf8');
    const edited = builtin.replace(/^# Everything needed to install packages.*$/m, '# Everything needed to install packages. (Acme: keep the installer stage small, CI caches it.)');
    expect(edited).not.toBe(builtin);
    await put(dir, 'docker/templates/node/Dockerfile.hbs', edited);
    const result = await runCli([dir, '--yes', '--dry-run', '--json', '--templates', 'docker/templates'], dir);
    expect(result.exit, result.stderr).toBe(0);
    expect(result.stdout).toContain('Acme: keep the installer stage small');
    expect(result.stdout).not.toContain('[object Object]');
  });
});
