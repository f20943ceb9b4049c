import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, normalize, removeDir, runCli } from '../helpers.js';
import { generated, put, VERSION } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fixture(name = 'node-npm-express'): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

/** A team's house style for the probe: slower interval, more retries, and a comment saying why. */
const HOUSE_HEALTHCHECK = `{{#if runtime.healthcheck}}
# House style: our orchestrator restarts slowly, so probe less often and tolerate more misses.
HEALTHCHECK --interval=60s --timeout=3s --retries=5 \\
  CMD {{runtime.healthcheck}}
{{else}}
HEALTHCHECK NONE
{{/if}}
`;

describe('--templates overrides', () => {
  it('an override of one partial changes only that part of the Dockerfile', async () => {
    const dir = await fixture();
    const builtin = (await generated(dir)).get('Dockerfile') as string;
    await put(dir, 'docker/templates/_partials/healthcheck.hbs', HOUSE_HEALTHCHECK);
    const files = await generated(dir, ['--templates', 'docker/templates']);
    const custom = files.get('Dockerfile') as string;
    await expect(normalize(custom, VERSION)).toMatchFileSnapshot('../../snapshots/templates-override/Dockerfile');

    // Swap the built-in's two HEALTHCHECK lines for the override's three: the rest is byte for byte the same.
    const lines = builtin.split('\n');
    const at = lines.findIndex((l) => l.startsWith('HEALTHCHECK '));
    expect(at).toBeGreaterThan(0);
    const probe = (lines[at + 1] as string).replace(/^\s+CMD /, '');
    lines.splice(at, 2, '# House style: our orchestrator restarts slowly, so probe less often and tolerate more misses.', 'HEALTHCHECK --interval=60s --timeout=3s --retries=5 \\', `  CMD ${probe}`);
    expect(custom).toBe(lines.join('\n'));
    // The other files do not use templates and are untouched.
    expect(files.get('.dockerignore')).toBe((await generated(dir)).get('.dockerignore'));
  });

  it('is remembered in .create-dockerfile.json like the other options', async () => {
    const dir = await fixture();
    await put(dir, 'docker/templates/_partials/healthcheck.hbs', HOUSE_HEALTHCHECK);
    const result = await runCli([dir, '--yes', '--templates', 'docker/templates'], dir);
    expect(result.exit).toBe(0);
    expect((await generated(dir)).get('Dockerfile')).toContain('House style');
  });

  it('refuses a folder outside the repo or missing, with exit 2', async () => {
    const dir = await fixture();
    const outside = await runCli([dir, '--yes', '--dry-run', '--templates', '../elsewhere'], dir);
    expect(outside.exit).toBe(2);
    expect(outside.stderr).toContain('inside the repo');
    const missing = await runCli([dir, '--yes', '--dry-run', '--templates', 'docker/templates'], dir);
    expect(missing.exit).toBe(2);
    expect(missing.stderr).toContain('templates eject');
  });

  it('notes a file that overrides nothing (a typo would otherwise be silently ignored)', async () => {
    const dir = await fixture();
    await put(dir, 'tpl/node/Dockerfle.hbs', 'FROM scratch\n');
    const result = await runCli([dir, '--yes', '--dry-run', '--templates', 'tpl'], dir);
    expect(result.exit).toBe(0);
    expect(result.stdout).toContain('tpl/node/Dockerfle.hbs overrides no built-in template');
  });
});

describe('a broken override fails naming its file and line, without a stack trace', () => {
  const cases = [
    { name: 'a syntax error', file: 'tpl/_partials/labels.hbs', text: '{{#each labels}}\nLABEL {{key}={{value}}\n{{/each}}\n', where: 'tpl/_partials/labels.hbs:2: Handlebars syntax error' },
    { name: 'a field the plan does not have', file: 'tpl/_partials/healthcheck.hbs', text: '# probe\nHEALTHCHECK CMD {{runtime.probe}}\n', where: 'tpl/_partials/healthcheck.hbs:2:19: "probe" is not a field of the plan data' },
    { name: 'an unknown top-level field in a main template', file: 'tpl/node/Dockerfile.hbs', text: '{{> header}}\nFROM {{baseImage}}\n', where: 'tpl/node/Dockerfile.hbs:2:8: "baseImage" is not a field' },
    { name: 'a misspelt field inside a block helper', file: 'tpl/_partials/healthcheck.hbs', text: '{{#if runtime.healthcheckk}}\nHEALTHCHECK CMD {{runtime.healthcheck}}\n{{/if}}\n', where: 'tpl/_partials/healthcheck.hbs:1:7: "healthcheckk" is not a field of the plan data' },
    { name: 'a misspelt list in {{#each}}', file: 'tpl/_partials/labels.hbs', text: '{{#each label}}\nLABEL {{key}}={{value}}\n{{/each}}\n', where: 'tpl/_partials/labels.hbs:1:9: "label" is not a field' },
    { name: 'a partial that does not exist', file: 'tpl/node/Dockerfile.hbs', text: '{{> header}}\n\n{{> company-footer}}\n', where: 'tpl/node/Dockerfile.hbs:3: the partial "company-footer" does not exist' },
    { name: 'blocks that do not match', file: 'tpl/node/Dockerfile.hbs', text: '{{#each args}}\nARG {{name}}\n{{/if}}\n', where: 'tpl/node/Dockerfile.hbs:1:4: the block {{#each}} opened here is closed by {{/if}}' },
  ];
  it.for(cases)('$name', async (c, { expect }) => {
    const dir = await fixture();
    await put(dir, c.file, c.text);
    const result = await runCli([dir, '--yes', '--dry-run', '--templates', 'tpl'], dir);
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain(c.where);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
