import { describe, expect, it } from 'vitest';
import { runCli, tempRepos, type JsonOutput } from '../helpers.js';

/** Packages published for others to install have no service to run: refused unless --cmd says what to run. */
const repo = tempRepos('cdf-library-');

const LIBRARY = {
  name: 'tiny-fetch',
  version: '2.0.0',
  type: 'module',
  main: './dist/index.js',
  exports: { types: './dist/index.d.ts', default: './dist/index.js' },
  files: ['dist'],
  scripts: { build: 'tsc', test: 'node --test' },
  // A test server is no reason to think the package is one.
  devDependencies: { express: '^4.21.2', typescript: '^5.7.2' },
};

async function run(manifest: Record<string, unknown>, ...flags: string[]): Promise<{ exit: number; stderr: string; json: JsonOutput | null }> {
  const dir = await repo({ 'package.json': JSON.stringify(manifest), 'src/index.ts': 'export const get = (url: string) => fetch(url);\n' });
  const r = await runCli([dir, '--yes', '--dry-run', ...flags], dir);
  return { exit: r.exit, stderr: r.stderr, json: flags.includes('--json') && r.exit === 0 ? (JSON.parse(r.stdout) as JsonOutput) : null };
}

describe('a published library or command-line tool', () => {
  it('refuses a library (exports, files, no start script) with a usage error that names why and what to do', async () => {
    const r = await run(LIBRARY);
    expect(r.exit).toBe(2);
    expect(r.stderr).toContain('package.json describes a library published for others to install ("exports", "files", no "start" script');
    expect(r.stderr).toContain('pass --cmd');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('calls a package with bin a command-line tool', async () => {
    const r = await run({ name: 'tidy-cli', version: '1.0.0', bin: { tidy: './cli.js' }, dependencies: { commander: '^12.1.0' } });
    expect(r.exit).toBe(2);
    expect(r.stderr).toContain('describes a command-line tool published for others to install ("bin"');
  });

  it('still writes files when --cmd says what the container runs', async () => {
    const r = await run(LIBRARY, '--cmd', 'node dist/index.js', '--json');
    expect(r.exit, r.stderr).toBe(0);
    expect(r.json?.detection?.stack).toBe('node');
  });

  it('keeps an app: a private package, or one whose run-time dependencies include a server framework', async () => {
    for (const manifest of [{ ...LIBRARY, private: true }, { ...LIBRARY, dependencies: { fastify: '^5.2.0' } }]) {
      const r = await run(manifest, '--json');
      expect(r.exit, r.stderr).toBe(0);
      expect(r.json?.detection?.startCommand).toEqual(['node', 'dist/index.js']);
    }
  });
});
