import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/stacks/node/frameworks/script.js';
import { delegatedScript, parsePackageJson } from '../../src/stacks/node/package-json.js';
import { entryFile } from '../../src/stacks/node/start.js';
import { runCli, type JsonOutput } from '../helpers.js';

/** Which file a start script runs: flags and their values are not it. */
describe('entryFile', () => {
  it('skips flags and the values of flags that take one', () => {
    expect(entryFile(['node', 'server.js'])).toBe('server.js');
    expect(entryFile(['node', '-r', 'dotenv/config', 'server.js'])).toBe('server.js');
    expect(entryFile(['node', '--require', 'dotenv/config', '--enable-source-maps', 'dist/main.js'])).toBe('dist/main.js');
    expect(entryFile(['node', '--import', 'tsx', 'src/index.ts'])).toBe('src/index.ts');
    expect(entryFile(['node', '--env-file=.env', 'dist/server.js', '--port', '8080'])).toBe('dist/server.js');
    expect(entryFile(['bun', 'run', 'src/index.ts'])).toBe('src/index.ts');
    expect(entryFile(['bun', 'src/index.ts'])).toBe('src/index.ts');
  });

  it('finds none for inline code or flags alone', () => {
    expect(entryFile(['node', '-e', "require('./server')"])).toBeNull();
    expect(entryFile(['node', '--enable-source-maps'])).toBeNull();
    expect(entryFile(null)).toBeNull();
  });
});

describe('a start script that preloads a module', () => {
  it('takes the port from the file it runs, not from the preloaded module', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-preload-'));
    try {
      const pkg = { name: 'app', version: '1.0.0', scripts: { start: 'node -r dotenv/config server.js' }, dependencies: { express: '^4.21.0', dotenv: '^16.4.0' } };
      await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
      await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }));
      await writeFile(path.join(dir, 'server.js'), "const app = require('express')();\napp.listen(process.env.PORT || 8080);\n");
      const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
      expect(r.exit, r.stderr).toBe(0);
      const { detection } = JSON.parse(r.stdout) as JsonOutput;
      expect(detection.startCommand).toEqual(['node', '-r', 'dotenv/config', 'server.js']);
      expect(detection.port).toBe(8080);
      expect(detection.evidence).toContainEqual({ file: 'server.js', reason: 'listens on port 8080' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('launchers that only set the environment', () => {
  it('reads the command cross-env and dotenv-cli run, with cross-env\'s variables as its environment', () => {
    expect(parseScript('cross-env NODE_ENV=production PORT=4000 node dist/server.js')).toEqual({ kind: 'simple', env: { NODE_ENV: 'production', PORT: '4000' }, words: ['node', 'dist/server.js'] });
    expect(parseScript('dotenv -e .env.local -- node server.js')).toEqual({ kind: 'simple', env: {}, words: ['node', 'server.js'] });
    expect(parseScript('dotenv -e ../../.env -- cross-env NODE_ENV=production node build/server/main.js')).toEqual({ kind: 'simple', env: { NODE_ENV: 'production' }, words: ['node', 'build/server/main.js'] });
    // Without `--` dotenv-cli's own options and the command cannot be told apart: kept as written.
    expect(parseScript('dotenv node server.js')).toEqual({ kind: 'simple', env: {}, words: ['dotenv', 'node', 'server.js'] });
  });

  it('runs node itself, so a devDependency cross-env keeps the image on production dependencies, with one NODE_ENV line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-cross-env-'));
    try {
      const pkg = { name: 'app', version: '1.0.0', scripts: { start: 'cross-env NODE_ENV=production node server.js' }, dependencies: { express: '^4.21.0' }, devDependencies: { 'cross-env': '^7.0.3' } };
      await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
      await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }));
      await writeFile(path.join(dir, 'server.js'), "require('express')().listen(process.env.PORT || 5000);\n");
      const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
      expect(r.exit, r.stderr).toBe(0);
      const { detection, files } = JSON.parse(r.stdout) as JsonOutput;
      expect(detection.startCommand).toEqual(['node', 'server.js']);
      expect(detection.port).toBe(5000);
      const dockerfile = files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
      expect(dockerfile).toContain('COPY --from=prod-deps /app ./');
      expect(dockerfile).toMatch(/^ENV NODE_ENV=production PORT=5000$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a start script that hands over to another script', () => {
  it('runs what `npm run start-server` runs, so a Vite-built frontend does not turn the server into a static site', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-delegated-'));
    try {
      const pkg = {
        name: 'monitor', version: '1.0.0',
        scripts: { start: 'npm run start-server', 'start-server': 'node server/server.js', build: 'vite build --config ./config/vite.config.js' },
        dependencies: { express: '^4.21.0' }, devDependencies: { vite: '^7.0.0' },
      };
      await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
      await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'monitor', lockfileVersion: 3, packages: {} }));
      const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
      expect(r.exit, r.stderr).toBe(0);
      const { detection } = JSON.parse(r.stdout) as JsonOutput;
      expect(detection.startCommand).toEqual(['node', 'server/server.js']);
      expect(detection.evidence).toContainEqual({ file: 'package.json', reason: 'start script runs node server/server.js (through its "start-server" script)' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('delegatedScript', () => {
  it('passes the arguments on to the script it runs, so a launcher script around the real command is seen through', () => {
    const pkg = parsePackageJson({
      name: 'web',
      scripts: { start: 'npm run with:env -- cross-env NODE_ENV=production node build/server/main.js', 'with:env': 'dotenv -e ../../.env -e ../../.env.local --', build: 'npm run build:app && npm run build:server' },
    });
    const start = delegatedScript(pkg, 'start');
    expect(start).toEqual({ name: 'with:env', text: 'dotenv -e ../../.env -e ../../.env.local -- cross-env NODE_ENV=production node build/server/main.js' });
    expect(parseScript(start?.text ?? '')).toEqual({ kind: 'simple', env: { NODE_ENV: 'production' }, words: ['node', 'build/server/main.js'] });
    // A script that is not a hand-over is its own text.
    expect(delegatedScript(pkg, 'with:env')?.name).toBe('with:env');
    expect(delegatedScript(pkg, 'missing')).toBeNull();
  });
});
