import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT, runCli, type JsonOutput } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

it('passes the secrets of an overridden Dockerfile to the workflow, not those of the built-in', async () => {
  const dir = await copyFixture('node-npm-express');
  dirs.push(dir);
  const builtin = await readFile(path.join(ROOT, 'templates/node/Dockerfile.hbs'), 'utf8');
  const override = builtin.replace('FROM installer AS deps\n', 'FROM installer AS deps\nRUN --mount=type=secret,id=teamtoken,required=false true\n');
  expect(override).not.toBe(builtin);
  await mkdir(path.join(dir, 'tpl/node'), { recursive: true });
  await writeFile(path.join(dir, 'tpl/node/Dockerfile.hbs'), override);
  const result = await runCli([dir, '--yes', '--dry-run', '--json', '--templates', 'tpl'], dir);
  expect(result.exit, result.stderr).toBe(0);
  const workflow = (JSON.parse(result.stdout) as JsonOutput).files.find((f) => f.path === '.github/workflows/docker.yml');
  expect(workflow?.contents).toContain('teamtoken=${{ secrets.TEAMTOKEN }}');
});
