import { describe, expect, it, vi } from 'vitest';
import { listFixtures, runCli } from '../helpers.js';

/**
 * The CLI built to dist/ renders built-ins from templates precompiled at build time, through the
 * Handlebars runtime; tests from src/ compile them. Here every renderer the CLI creates renders
 * both ways, and every fixture must give the same bytes.
 */
const seen = vi.hoisted(() => ({ pairs: [] as { name: string; compiled: string; precompiled: string }[] }));

vi.mock('../../src/render/handlebars.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/render/handlebars.js')>();
  const { precompileTemplates } = await import('../../src/templates/precompile.js');
  // The module the build writes to dist/templates.cjs, run as CommonJS.
  const module = { exports: {} as { templates: Record<string, unknown> } };
  new Function('exports', 'module', precompileTemplates())(module.exports, module);
  const specs = module.exports.templates;
  return {
    ...real,
    createRenderer: async (overrides: Parameters<typeof real.createRenderer>[0] = null) => {
      const compiled = await real.createRenderer(overrides);
      const precompiled = real.precompiledRenderer(specs);
      return (name: string, data: object) => {
        const pair = { name, compiled: compiled(name, data), precompiled: precompiled(name, data) };
        seen.pairs.push(pair);
        return pair.compiled;
      };
    },
  };
});

describe('precompiled built-in templates', () => {
  it('render exactly what the compiler renders, for every fixture', async () => {
    const fixtures = (await listFixtures()).filter((f) => f.spec.expect?.exit === undefined);
    for (const f of fixtures) await runCli([f.dir, '--yes', '--dry-run', '--json', ...(f.spec.args ?? [])], f.dir);
    expect(new Set(seen.pairs.map((p) => p.name)).size).toBeGreaterThanOrEqual(4);
    for (const p of seen.pairs) expect(p.precompiled).toBe(p.compiled);
  });
});
