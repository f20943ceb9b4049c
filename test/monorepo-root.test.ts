import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from './helpers.js';

/** A run started at the root of a monorepo with several apps: what it says, and what it remembers. */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function repo(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

describe('at an ambiguous monorepo root', () => {
  it('--json names --workspace and lists the members found and the stack each would use', async () => {
    const root = await repo('mono-pnpm-next');
    const result = await runCli([root, '--yes', '--json'], root);
    expect(result.exit).toBe(2);
    const doc = JSON.parse(result.stdout) as { error: { code: string; flag: string }; detection: { stack: null; workspace: { kind: string; members: { dir: string; stack: string | null; deployable: string | null }[] }; evidence: unknown[] } };
    expect(doc.error).toMatchObject({ code: 'E_MISSING', flag: '--workspace' });
    expect(doc.detection.workspace.kind).toBe('pnpm');
    const byDir = Object.fromEntries(doc.detection.workspace.members.map((m) => [m.dir, m.stack]));
    expect(byDir).toEqual({ 'apps/docs': 'node', 'apps/web': 'nextjs', 'packages/ui': null });
    expect(doc.detection.evidence.length).toBeGreaterThan(0);
  });

  it('a re-run and --check from the root use the member chosen before, instead of exiting 2', async () => {
    const root = await repo('mono-pnpm-next');
    expect((await runCli([root, '--yes', '--workspace', 'apps/web'], root)).exit).toBe(0);
    const settings = JSON.parse(await readFile(path.join(root, 'apps/web/.create-dockerfile.json'), 'utf8')) as { options: Record<string, string> };
    expect(settings.options.workspace).toBe('apps/web');

    const again = await runCli([root, '--yes'], root);
    expect(again.exit, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^identical apps\/web\/Dockerfile$/m);
    expect(again.stdout).toContain('Workspace: took apps/web, chosen before (apps/web/.create-dockerfile.json)');

    expect((await runCli([root, '--check'], root)).exit).toBe(0);
    await writeFile(path.join(root, 'apps/web/Dockerfile'), 'FROM scratch\n');
    const drift = await runCli([root, '--check'], root);
    expect(drift.exit).toBe(1);
    expect(drift.stdout + drift.stderr).toContain('apps/web/Dockerfile');
  });
});
