import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, runCli } from '../helpers.js';
import { engineSkipReason, expressApp, forceCleanup, leftovers, OFFLINE_ENV, replaceIn } from './setup.js';

/** Real engine: each way `--verify` can fail says which check failed, and cleans up. */
const skip = await engineSkipReason();
if (skip !== null) console.warn(`skipping --verify failure tests: ${skip}`);

describe.skipIf(skip !== null)('--verify failures', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await forceCleanup(dir);
      await removeDir(dir);
    }
  });

  it('an app that crashes on start: exit 1, the exit code and its logs', async () => {
    const dir = await expressApp((d) => writeFile(path.join(d, 'server.js'), "console.log('starting');\nthrow new Error('boom: DATABASE_URL is not set');\n"));
    dirs.push(dir);
    const result = await runCli([dir, '--yes', '--verify'], dir, OFFLINE_ENV);
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(/verify failed: the container exited with code 1 before it was ready/);
    expect(result.stderr).toContain('Last 50 lines of `docker logs`:');
    expect(result.stderr).toContain('  | starting');
    expect(result.stderr).toContain('boom: DATABASE_URL is not set');
    expect(result.stdout).not.toContain('Verified');
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);

  it('a build that fails: exit 1, the failing step, its Dockerfile line and its output', async () => {
    // A dependency missing from the lockfile: `npm ci` refuses to install.
    const dir = await expressApp((d) => replaceIn(path.join(d, 'package.json'), '"express": "^4.21.2"', '"express": "^4.21.2",\n    "left-pad": "1.3.0"'));
    dirs.push(dir);
    const result = await runCli([dir, '--yes', '--verify'], dir, OFFLINE_ENV);
    expect(result.exit).toBe(1);
    const named = /verify failed: the build failed at step \[prod-deps \d+\/\d+\] RUN .*npm ci --omit=dev \(Dockerfile line (\d+)\)/.exec(result.stderr);
    expect(named, result.stderr).not.toBeNull();
    // The line is counted in the file on disk, which still has the `# syntax=` line on top.
    const lines = (await readFile(path.join(dir, 'Dockerfile'), 'utf8')).split('\n');
    expect(lines[Number(named?.[1]) - 1]).toMatch(/^RUN --mount=type=cache/);
    expect(result.stderr).toContain('  | npm error Missing: left-pad@1.3.0 from lock file');
    expect(result.stderr).toMatch(/^ERROR: failed to solve: process "\/bin\/sh -c npm ci --omit=dev"/m);
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);

  it('an app that only listens inside the container: healthy, but never answers the host', async () => {
    const dir = await expressApp((d) => replaceIn(path.join(d, 'server.js'), 'app.listen(port,', "app.listen(port, '127.0.0.1',"));
    dirs.push(dir);
    const result = await runCli([dir, '--yes', '--verify'], dir, { ...OFFLINE_ENV, CREATE_DOCKERFILE_VERIFY_TIMEOUT: '10' });
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('verify failed: the app never answered on port 3000 within 10 s (no HTTP answer; is it listening on 0.0.0.0:3000?)');
    expect(result.stderr).toContain('  | listening on 3000');
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);
});
