import { describe, expect, it } from 'vitest';
import { askAboutConflicts, plannedPaths } from '../src/conflicts.js';
import { evidenceFor } from '../src/detected-box.js';
import { FILE_KINDS } from '../src/types.js';
import type { PendingFile } from '../src/write.js';
import { FIXTURES, runCli, type JsonOutput } from './helpers.js';

const file = (path: string): PendingFile => ({ file: { path, kind: 'dockerfile', contents: 'new\n' }, existing: 'old\n', mode: 0o644, state: 'differs' });

describe('existing files', () => {
  it('plannedPaths() names exactly the files a run writes, at the root and for a workspace member', async () => {
    const root = await runCli([`${FIXTURES}/node-npm-express`, '--json', '--dry-run'], FIXTURES);
    const member = await runCli([`${FIXTURES}/mono-npm`, '--json', '--dry-run', '--workspace', 'apps/api'], FIXTURES);
    // Edits of the user's own files (.gitignore) are not asked about; the options file is the answers.
    const written = (r: { stdout: string }): string[] => (JSON.parse(r.stdout) as JsonOutput).files.map((f) => f.path).filter((p) => !p.endsWith('.create-dockerfile.json') && p !== '.gitignore');
    expect(plannedPaths(null, FILE_KINDS)).toEqual(expect.arrayContaining(written(root)));
    expect(plannedPaths('apps/api', FILE_KINDS)).toEqual(expect.arrayContaining(written(member)));
    expect(written(member)).toContain('apps/api/Dockerfile');
    expect(plannedPaths(null, ['dockerfile', 'workflow'])).toEqual(['Dockerfile', '.github/workflows/docker.yml', '.github/dependabot.yml']);
  });

  it('asks per file until an answer covers the rest', async () => {
    const files = ['Dockerfile', '.dockerignore', 'compose.yaml', 'compose.dev.yaml'].map(file);
    const asked: [string, number][] = [];
    const answers = ['skip', 'overwrite-all'] as const;
    const decisions = await askAboutConflicts(files, async (p, remaining) => {
      asked.push([p.file.path, remaining]);
      return answers[asked.length - 1] as (typeof answers)[number];
    });
    expect(asked).toEqual([['Dockerfile', 3], ['.dockerignore', 2]]);
    expect(files.map((f) => decisions.get(f))).toEqual(['skip', 'overwrite', 'overwrite', 'overwrite']);
    const kept = await askAboutConflicts(files, async () => 'skip-all');
    expect(files.map((f) => kept.get(f))).toEqual(['skip', 'skip', 'skip', 'skip']);
  });
});

describe('where a detected value came from', () => {
  const evidence = [
    { file: 'package.json', reason: 'start script runs node server.js' },
    { file: 'server.js', reason: 'listens on port 3000' },
    { file: 'go.mod', reason: 'go 1.24.2 directive → golang:1.24' },
  ];
  it('is the evidence that names the value as a whole word', () => {
    expect(evidenceFor(evidence, '3000')?.file).toBe('server.js');
    expect(evidenceFor(evidence, '1.24')?.file).toBe('go.mod');
    expect(evidenceFor(evidence, '300')).toBeNull();
    expect(evidenceFor(evidence, '24')).toBeNull();
  });
});
