import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
