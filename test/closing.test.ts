import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from './helpers.js';

/** What a non-interactive run says after writing: right for the case, and nothing that is not true. */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function repo(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

const nextSteps = (stdout: string): string => stdout.slice(stdout.indexOf('Next steps:'));

describe('next steps', () => {
  it('a single app: build, run with the URL to open', async () => {
    const dir = await repo('node-npm-express');
    const { stdout } = await runCli([dir, '--yes'], dir);
    expect(nextSteps(stdout)).toMatch(/^ {2}docker build -t app \.\n {2}docker run --rm -p 3000:3000 app +# then open http:\/\/localhost:3000$/m);
    expect(nextSteps(stdout)).not.toContain('cd ');
  });

  it('a workspace member from inside its folder: cd to the root, build with -f', async () => {
    const dir = await repo('mono-npm');
    const { stdout } = await runCli([path.join(dir, 'apps/api'), '--yes'], path.join(dir, 'apps/api'));
    expect(nextSteps(stdout)).toMatch(/^ {2}cd \.\.\/\.\.\n {2}docker build -f apps\/api\/Dockerfile -t app \.$/m);
  });

  it('services that need passwords: the .env step names them', async () => {
    const dir = await repo('node-services-pg-redis');
    const { stdout } = await runCli([dir, '--yes'], dir);
    expect(nextSteps(stdout)).toMatch(/^ {2}put POSTGRES_PASSWORD=… in \.env/m);
  });

  it('after exit 4, only how to resolve the conflicts', async () => {
    const dir = await repo('node-npm-express');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const result = await runCli(['--yes'], dir);
    expect(result.exit).toBe(4);
    expect(result.stdout).not.toContain('Next steps');
    expect(result.stdout).not.toContain('docker build');
    expect(result.stderr).toContain('Not written: Dockerfile differs from what would be generated');
    expect(result.stderr).toContain('npx create-dockerfile --diff');
    expect(result.stderr).toContain('--skip-existing');
  });

  it('a kept Dockerfile is said to be kept, with how to compare', async () => {
    const dir = await repo('node-npm-express');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const { stdout } = await runCli(['--yes', '--skip-existing'], dir);
    expect(stdout).toContain('Your Dockerfile was kept as it is; the next steps build it. Compare it with the generated one: npx create-dockerfile --diff');
  });
});

describe('--dry-run and --diff', () => {
  it('a differing file: a summary line with lines changed, the diff headed by which side is on disk', async () => {
    const dir = await repo('node-npm-express');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n\tRUN true\n');
    const summary = await runCli([dir, '--dry-run'], dir);
    expect(summary.stdout).toMatch(/^differs {3}Dockerfile +\d+\.\d kB +\d+ lines {2}\+\d+ -2 lines vs\. the file on disk$/m);
    expect(summary.stdout).toContain('See the changes line by line: add --diff.');
    const full = await runCli([dir, '--diff'], dir);
    expect(full.stdout).toContain('--- Dockerfile (on disk)\n+++ Dockerfile (generated)\n');
    expect(full.stdout).toContain('-\tRUN true');
    // Not a terminal: no colour codes.
    expect(full.stdout).not.toContain('\x1b[');
  });
});
