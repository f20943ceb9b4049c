import { describe, expect, it } from 'vitest';
import { runCli, tempRepos } from './helpers.js';

/** A repo whose apps sit one level down (backend/, frontend/) and has no workspace manifest at the root. */
const repo = tempRepos('cdf-subfolders-');

describe('no app at the root', () => {
  it('names the sub-folders that hold an app, and how to run there', async () => {
    const dir = await repo({
      'README.md': '# full stack\n',
      'docker-compose.yml': 'services: {}\n',
      'backend/pyproject.toml': '[project]\nname = "api"\nversion = "0.1.0"\n',
      'frontend/package.json': '{"name":"web","version":"1.0.0"}\n',
      'docs/index.md': '# docs\n',
      '.github/package.json': '{}\n',
    });
    const r = await runCli([dir, '--yes'], dir);
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain('Apps in sub-folders: backend/ (pyproject.toml), frontend/ (package.json). Run create-dockerfile in one of them (create-dockerfile backend)');
  });

  it('keeps the plain advice when no sub-folder holds one', async () => {
    const dir = await repo({ 'README.md': '# notes\n', 'docs/index.md': '# docs\n' });
    const r = await runCli([dir, '--yes'], dir);
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain("Run create-dockerfile in the app's folder, or pass --stack");
  });
});
