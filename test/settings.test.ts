import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '../src/project.js';
import { readSettings, SETTINGS_FILE } from '../src/settings.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function settingsIn(options: Record<string, unknown>): Promise<ReturnType<typeof readSettings>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cdf-settings-'));
  dirs.push(dir);
  await writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ options }));
  return readSettings(await createProject(dir));
}

describe('remembered options', () => {
  it('still reads a file from 0.1 that remembered pin-actions, now the default', async () => {
    await expect(settingsIn({ 'pin-actions': true, port: '8080' })).resolves.toEqual({ port: '8080' });
  });

  it('refuses an option it never had, naming it', async () => {
    await expect(settingsIn({ 'pin-actionz': true })).rejects.toThrow(/unknown option "pin-actionz"/);
  });
});
