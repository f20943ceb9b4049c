import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import type { Io } from '../src/types.js';
import { copyFixture, removeDir } from './helpers.js';

/**
 * Drives the clack wizard through mock streams: each step waits for its prompt to show, then
 * types keys, the way clack's own tests feed keypresses.
 */
const DOWN = '\x1b[B';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

function scripted(steps: readonly { when: RegExp; keys: string }[]): { io: (cwd: string) => Io; screen: () => string } {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let screen = '';
  let next = 0;
  stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const plain = screen.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
    const step = steps[next];
    if (step !== undefined && step.when.test(plain.split('◇').pop() ?? plain)) {
      next += 1;
      setTimeout(() => stdin.write(step.keys), 20);
    }
  });
  return {
    io: (cwd) => ({ cwd, env: {}, stdin, stdout, stderr: new PassThrough(), isTTY: true }),
    screen: () => screen.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, ''),
  };
}

describe('the wizard', () => {
  it('asks for the port and base, writes the answers, and prints the equivalent command line', async () => {
    const dir = await copyFixture('node-npm-express');
    dirs.push(dir);
    const wizard = scripted([
      { when: /Start command/, keys: '\r' },
      { when: /Port the app listens on/, keys: '8081\r' },
      { when: /Runtime base image/, keys: `${DOWN}${DOWN}\r` },
      { when: /Files to write/, keys: '\r' },
    ]);
    const exit = await run([dir], wizard.io(dir));
    expect(exit).toBe(0);
    const screen = wizard.screen();
    expect(screen).toMatch(/Node\.js \(express\) +from package\.json/);
    expect(screen).toMatch(/port 3000 +from server\.js: listens on port 3000/);
    expect(screen).toMatch(/npx create-dockerfile .*--base distroless --port 8081 --yes/);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('EXPOSE 8081');
    expect(dockerfile).toContain('gcr.io/distroless/nodejs${NODE_MAJOR}-debian13:nonroot');
    const settings = JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8')) as { options: Record<string, string> };
    expect(settings.options).toEqual({ base: 'distroless', port: '8081' });
  });

  it('asks before overwriting a differing file and keeps it when told to', async () => {
    const dir = await copyFixture('node-npm-express');
    dirs.push(dir);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const wizard = scripted([
      { when: /Start command/, keys: '\r' },
      { when: /Port the app listens on/, keys: '\r' },
      { when: /Runtime base image/, keys: '\r' },
      { when: /Files to write/, keys: '\r' },
      { when: /Dockerfile exists and differs/, keys: '\r' },
    ]);
    expect(await run([dir], wizard.io(dir))).toBe(0);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(wizard.screen()).toMatch(/skip\s+Dockerfile/);
  });

  it('asks which workspace member to containerise, once, before detecting it', async () => {
    const dir = await copyFixture('mono-npm');
    dirs.push(dir);
    const wizard = scripted([
      { when: /Workspace member to containerise/, keys: `${DOWN}\r` },
      { when: /Start command/, keys: '\r' },
      { when: /Port the app listens on/, keys: '\r' },
      { when: /Runtime base image/, keys: '\r' },
      { when: /Files to write/, keys: '\r' },
    ]);
    expect(await run([dir], wizard.io(dir))).toBe(0);
    const screen = wizard.screen();
    expect(screen.match(/┌  create-dockerfile/g)).toHaveLength(1);
    expect(screen).not.toContain('start: not found');
    expect(await readFile(path.join(dir, 'apps/api/Dockerfile'), 'utf8')).toContain('docker build -f apps/api/Dockerfile');
  });

  it('offers the services found for compose as a multi-select, and leaves out the ones unticked', async () => {
    const dir = await copyFixture('node-services-pg-redis');
    dirs.push(dir);
    const wizard = scripted([
      { when: /Start command/, keys: '\r' },
      { when: /Port the app listens on/, keys: '\r' },
      { when: /Runtime base image/, keys: '\r' },
      { when: /Files to write/, keys: '\r' },
      { when: /Services to run next to the app in compose/, keys: `${DOWN} \r` },
    ]);
    expect(await run([dir], wizard.io(dir))).toBe(0);
    expect(wizard.screen()).toMatch(/compose services postgres, redis/);
    const compose = await readFile(path.join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toContain('postgres:');
    expect(compose).not.toContain('redis:');
  });

  it('remembers a partial choice of services and offers it as the default next time', async () => {
    const dir = await copyFixture('node-services-pg-redis');
    dirs.push(dir);
    const steps = (services: string) => [
      { when: /Start command/, keys: '\r' },
      { when: /Port the app listens on/, keys: '\r' },
      { when: /Runtime base image/, keys: '\r' },
      { when: /Files to write/, keys: '\r' },
      { when: /Services to run next to the app in compose/, keys: services },
    ];
    expect(await run([dir], scripted(steps(`${DOWN} \r`)).io(dir))).toBe(0);
    const settings = JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8')) as { options: Record<string, string> };
    expect(settings.options).toEqual({ services: 'postgres' });
    // Next time the question is asked again, with only postgres ticked: Enter keeps that.
    const again = scripted(steps('\r'));
    expect(await run([dir], again.io(dir))).toBe(0);
    const question = again.screen().split('Services to run next to the app in compose')[1] ?? '';
    expect(question).toMatch(/◼ postgres/);
    expect(question).toMatch(/◻ redis/);
    // The Detected box shows what will be written, and why.
    expect(again.screen().replace(/[│\s]+/g, ' ')).toContain('compose services postgres remembered in .create-dockerfile.json; not redis');
    expect(again.screen()).toMatch(/identical compose\.yaml\n/);
    expect(await readFile(path.join(dir, 'compose.yaml'), 'utf8')).not.toContain('redis:');
  });

  it('asks which files to write, and remembers a choice of fewer than all', async () => {
    const dir = await copyFixture('node-npm-express');
    dirs.push(dir);
    const steps = (files: string) => [
      { when: /Start command/, keys: '\r' },
      { when: /Port the app listens on/, keys: '\r' },
      { when: /Runtime base image/, keys: '\r' },
      { when: /Files to write/, keys: files },
    ];
    // Untick the workflow (the fourth kind).
    expect(await run([dir], scripted(steps(`${DOWN}${DOWN}${DOWN} \r`)).io(dir))).toBe(0);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).not.toContain('.github');
    const read = async () => (JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8')) as { options: Record<string, string> }).options;
    expect(await read()).toEqual({ only: 'dockerfile,dockerignore,compose' });
    // Offered as the default: Enter keeps the workflow out; a plain --yes run does too.
    const again = scripted(steps('\r'));
    expect(await run([dir], again.io(dir))).toBe(0);
    expect(again.screen().split('Files to write')[1]).toMatch(/◻ GitHub Actions workflow/);
    expect(again.screen()).toMatch(/files all but workflow +remembered in \.create-dockerfile\.json/);
    const { runCli } = await import('./helpers.js');
    expect((await runCli([dir, '--yes'], dir)).stdout).not.toContain('.github');
    // Ticking everything again forgets the choice.
    expect(await run([dir], scripted(steps(`${DOWN}${DOWN}${DOWN} \r`)).io(dir))).toBe(0);
    expect(await read()).toEqual({});
    expect(await readdir(dir)).toContain('.github');
  });
});
