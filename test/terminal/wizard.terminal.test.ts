import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from '../helpers.js';
import { openTerminal, stable, type Terminal } from './tmux.js';

/**
 * The wizard in a real terminal (tmux), as a person meets it. Screens are kept as reviewed
 * snapshots in snapshots/terminal/; dist/ must be built (npm test builds it first).
 */
const open: Terminal[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) t.close();
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function repo(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

function terminal(dir: string, args: string[] = [], size?: { columns: number; rows: number }, color = false): Terminal {
  const t = openTerminal(dir, args, size, color);
  open.push(t);
  return t;
}

const SNAPSHOTS = '../../snapshots/terminal';
/** The conflict question asked again below the diff's box. */
const AFTER_DIFF = /╯\n│\n◆ {2}Dockerfile exists and differs/;

describe('the wizard in a terminal', { timeout: 90_000 }, () => {
  it('says which files exist first, and Enter on the conflict question keeps the file', async () => {
    const dir = await repo('node-npm-express');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const t = terminal(dir);
    const first = await t.waitFor(/◆ {2}Start command/);
    expect(first.indexOf('Already in the repo')).toBeGreaterThan(-1);
    expect(first.indexOf('Already in the repo')).toBeLessThan(first.indexOf('◆  Start command'));
    t.keys('Enter');
    await t.waitFor(/◆ {2}Port the app listens on/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Runtime base image/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Files to write/);
    t.keys('Enter');
    const conflict = await t.waitFor(/◆ {2}Dockerfile exists and differs/);
    expect(conflict).toMatch(/● Keep mine/);
    await expect(stable(conflict, dir)).toMatchFileSnapshot(`${SNAPSHOTS}/conflict-default.txt`);
    t.keys('Enter');
    const end = await t.waitFor(/\[exit 0\]/);
    expect(end).toMatch(/skip {6}Dockerfile/);
    expect(end).toContain('Your Dockerfile was kept as it is');
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });

  it('the port field: typing replaces the detected port, and a bad value is explained for the field', async () => {
    const dir = await repo('node-npm-express');
    const t = terminal(dir);
    await t.waitFor(/◆ {2}Start command/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Port the app listens on/);
    t.type('80x');
    t.keys('Enter');
    const invalid = await t.waitFor(/The port must be a number/);
    expect(invalid).not.toContain('--port');
    t.keys('BSpace', 'BSpace', 'BSpace');
    t.type('8080');
    const typed = await t.waitFor(/│ {2}8080/);
    expect(typed).not.toContain('30008080');
    await expect(stable(typed, dir)).toMatchFileSnapshot(`${SNAPSHOTS}/port-field.txt`);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Runtime base image/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Files to write/);
    t.keys('Enter');
    await t.waitFor(/\[exit 0\]/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 8080');
  });

  it('a question longer than the terminal is asked on one line, the whole text in a note', async () => {
    const dir = await repo('mono-npm');
    const columns = 60;
    const t = terminal(dir, [], { columns, rows: 40 });
    const screen = await t.waitFor(/◆ {2}Workspace member to containerise\n/);
    const lines = screen.split('\n');
    expect(lines.every((line) => [...line].length <= columns)).toBe(true);
    // Inside the wizard every line hangs off clack's left border.
    const body = lines.slice(lines.findIndex((l) => l.startsWith('┌')) + 1).filter((l) => l !== '');
    expect(body.every((line) => /^[│◇◆├└]/.test(line))).toBe(true);
    await expect(stable(screen, dir)).toMatchFileSnapshot(`${SNAPSHOTS}/wrapped-prompt.txt`);
    t.keys('C-c');
    await t.waitFor(/\[exit 130\]/);
  });

  it('remembered answers are shown and offered as defaults, not used silently', async () => {
    const dir = await repo('node-npm-express');
    expect((await runCli([dir, '--yes', '--port', '4001'], dir)).exit).toBe(0);
    const t = terminal(dir);
    const detected = await t.waitFor(/◆ {2}Start command/);
    expect(detected).toMatch(/port 4001 +remembered in \.create-dockerfile\.json/);
    t.keys('Enter');
    const port = await t.waitFor(/◆ {2}Port the app listens on\n│ {2}4001/);
    await expect(stable(port, dir)).toMatchFileSnapshot(`${SNAPSHOTS}/remembered-default.txt`);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Runtime base image/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Files to write/);
    t.keys('Enter');
    await t.waitFor(/\[exit 0\]/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 4001');
  });

  it('Ctrl-C leaves the repo untouched and exits 130', async () => {
    const dir = await repo('node-npm-express');
    const t = terminal(dir);
    await t.waitFor(/◆ {2}Start command/);
    t.keys('C-c');
    const end = await t.waitFor(/\[exit 130\]/);
    expect(end).toContain('Cancelled: nothing was written.');
    await expect(stable(end, dir)).toMatchFileSnapshot(`${SNAPSHOTS}/ctrl-c.txt`);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).not.toContain('Dockerfile');
  });

  it('asks which files to write: unticking one leaves it out and is remembered', async () => {
    const dir = await repo('node-npm-express');
    const t = terminal(dir);
    await t.waitFor(/◆ {2}Start command/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Port the app listens on/);
    t.keys('Enter');
    await t.waitFor(/◆ {2}Runtime base image/);
    t.keys('Enter');
    const asked = await t.waitFor(/◆ {2}Files to write/);
    expect(asked).toMatch(/◼ Dockerfile/);
    expect(asked).toMatch(/◼ GitHub Actions workflow/);
    t.keys('Down', 'Down', 'Down', 'Space');
    const unticked = await t.waitFor(/◻ GitHub Actions workflow/);
    await expect(stable(unticked, dir)).toMatchFileSnapshot(`${SNAPSHOTS}/only-question.txt`);
    t.keys('Enter');
    const end = await t.waitFor(/\[exit 0\]/);
    expect(end).toMatch(/create {4}Dockerfile/);
    expect(end).not.toContain('.github/workflows/docker.yml');
    const settings = JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8')) as { options: Record<string, string> };
    expect(settings.options).toEqual({ only: 'dockerfile,dockerignore,compose' });
  });

  it('the diff says which side is the file on disk, has no tabs in its box, and is coloured on a colour terminal', async () => {
    const dir = await repo('node-npm-express');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n\tRUN echo tabbed\n');
    const t = terminal(dir, ['--only', 'dockerfile'], undefined, true);
    for (const question of [/◆ {2}Start command/, /◆ {2}Port the app listens on/, /◆ {2}Runtime base image/]) {
      await t.waitFor(question);
      t.keys('Enter');
    }
    await t.waitFor(/◆ {2}Dockerfile exists and differs/);
    t.keys('Down', 'Enter');
    await t.waitFor(AFTER_DIFF);
    const history = t.history();
    const diff = history.slice(history.lastIndexOf('Dockerfile: - on disk, + generated'));
    expect(diff).toContain('--- Dockerfile (on disk)');
    expect(diff).toContain('+++ Dockerfile (generated)');
    expect(diff).toMatch(/│ {2}-    RUN echo tabbed +│/);
    // The box is whole: every line of the note ends on its right border.
    const box = diff.slice(0, diff.indexOf('├'));
    expect(box.split('\n').slice(1, -1).every((line) => /│$/.test(line))).toBe(true);
    const painted = t.painted();
    expect(painted).toContain('\x1b[31m-FROM scratch');
    expect(painted).toMatch(/\x1b\[32m\+FROM node/);
    t.keys('Enter');
    await t.waitFor(/\[exit 0\]/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n\tRUN echo tabbed\n');
  });

  it('the diff has no colour where NO_COLOR is set', async () => {
    const dir = await repo('node-npm-express');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const t = terminal(dir, ['--only', 'dockerfile']);
    for (const question of [/◆ {2}Start command/, /◆ {2}Port the app listens on/, /◆ {2}Runtime base image/]) {
      await t.waitFor(question);
      t.keys('Enter');
    }
    await t.waitFor(/◆ {2}Dockerfile exists and differs/);
    t.keys('Down', 'Enter');
    await t.waitFor(AFTER_DIFF);
    expect(t.history()).toContain('Dockerfile: - on disk, + generated');
    expect(t.painted()).not.toContain('\x1b[31m');
    t.keys('Enter');
    await t.waitFor(/\[exit 0\]/);
  });
});
