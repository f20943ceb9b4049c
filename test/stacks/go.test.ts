import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { createProject } from '../../src/project.js';
import { go, type GoFacts } from '../../src/stacks/go/index.js';
import { GO_DEFAULTS } from '../../src/stacks/go/defaults.js';
import { moduleBasename, parseGoMod, parseGoWork } from '../../src/stacks/go/gomod.js';
import { goMinor } from '../../src/stacks/go/version.js';
import type { Detection } from '../../src/types.js';
import { FIXTURES, runCli, tempRepos } from '../helpers.js';

const repo = tempRepos('cdf-go-');

async function detectDir(dir: string): Promise<Detection<GoFacts>> {
  const detection = await go.detect(await createProject(dir));
  if (detection === null) throw new Error(`${dir}: not detected as Go`);
  return detection;
}

const detectFixture = (name: string): Promise<Detection<GoFacts>> => detectDir(path.join(FIXTURES, name));

const MAIN = 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n';

describe('go.mod and go.work parsing', () => {
  it('reads module, go, toolchain, requires (single and block) and local replaces', () => {
    const mod = parseGoMod([
      '// a comment', 'module "github.com/acme/app" // trailing', '', 'go 1.23.4', 'toolchain go1.24.1',
      'require github.com/a/b v1.0.0', 'require (', '\tgithub.com/c/d v1.2.0 // indirect', '\tgithub.com/e/f v0.1.0', ')',
      'replace github.com/a/b => ./third_party/b', 'replace github.com/c/d v1.2.0 => github.com/c/d v1.3.0', 'exclude github.com/x/y v1.0.0',
    ].join('\r\n'));
    expect(mod).toEqual({
      module: 'github.com/acme/app', go: '1.23.4', toolchain: '1.24.1',
      requires: ['github.com/a/b', 'github.com/c/d', 'github.com/e/f'], localReplaces: ['./third_party/b'],
    });
  });

  it.for([
    ['go banana', /not a Go version/],
    ['module\ngo 1.22', /no module line/],
    ['go 1.22', /no module line/],
    ['module x\nrequire (\n\ta v1', /never closed/],
    ['module x\nRUN rm -rf /', /not a go.mod directive/],
  ] as const)('refuses %j naming go.mod', ([text, problem]) => {
    let caught: unknown;
    try {
      parseGoMod(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as Error).message).toMatch(/^go\.mod: /);
    expect((caught as Error).message).toMatch(problem);
  });

  it('reads go.work use lines and normalises their folders', () => {
    expect(parseGoWork('go 1.24.0\n\nuse (\n\t./api\n\t./libs/shared/\n\t.\n)\nuse ./tools\n')).toEqual({ go: '1.24.0', toolchain: null, uses: ['api', 'libs/shared', '', 'tools'] });
    expect(() => parseGoWork('go 1.24\n')).toThrow(/no use directive/);
  });

  it.for([
    ['1.23.4', '1.23'], ['1.22', '1.22'], ['1.21rc2', '1.21'], ['go1.24.1', '1.24'], ['1.x', null], ['22', null], ['1.23.4 extra', null],
  ] as const)('goMinor(%s) → %s', ([input, minor]) => {
    expect(goMinor(input)).toBe(minor);
  });

  it.for([
    ['github.com/acme/api', 'api'], ['github.com/acme/api/v2', 'api'], ['example.com/hello', 'hello'], ['app', 'app'],
  ] as const)('moduleBasename(%s) → %s', ([modulePath, base]) => {
    expect(moduleBasename(modulePath)).toBe(base);
  });
});

describe('detects each fixture', () => {
  const table = [
    { fixture: 'go-stdlib', version: GO_DEFAULTS.go, framework: 'net/http', port: 8080, mains: [''], layout: 'module', cgo: false, vendored: false, portEnv: true },
    { fixture: 'go-cmd-api', version: GO_DEFAULTS.go, framework: 'chi', port: 3000, mains: ['cmd/api'], layout: 'module', cgo: false, vendored: false, portEnv: false },
    { fixture: 'go-cmd-multi', version: GO_DEFAULTS.go, framework: 'net/http', port: 8080, mains: ['cmd/admin', 'cmd/billing', 'cmd/migrate'], layout: 'module', cgo: false, vendored: false, portEnv: true },
    { fixture: 'go-gin', version: GO_DEFAULTS.go, framework: 'gin', port: 8081, mains: [''], layout: 'module', cgo: false, vendored: false, portEnv: false },
    { fixture: 'go-cgo-sqlite', version: GO_DEFAULTS.go, framework: 'net/http', port: 8000, mains: [''], layout: 'module', cgo: true, vendored: false, portEnv: false },
    { fixture: 'go-cgo-import-c', version: GO_DEFAULTS.go, framework: 'net/http', port: 8080, mains: [''], layout: 'module', cgo: true, vendored: false, portEnv: false },
    { fixture: 'go-vendored', version: GO_DEFAULTS.go, framework: 'net/http', port: 8080, mains: [''], layout: 'module', cgo: false, vendored: true, portEnv: false },
    { fixture: 'go-work', version: GO_DEFAULTS.go, framework: 'net/http', port: 8090, mains: ['api/cmd/api'], layout: 'workspace', cgo: false, vendored: false, portEnv: false },
    { fixture: 'go-toolchain', version: '1.23', framework: 'echo', port: 1323, mains: [''], layout: 'module', cgo: false, vendored: false, portEnv: false },
    { fixture: 'go-main-only', version: GO_DEFAULTS.go, framework: 'net/http', port: 8080, mains: [''], layout: 'file', cgo: false, vendored: false, portEnv: false },
  ];
  it.for(table)('$fixture: Go $version, $framework on $port', async (row, { expect }) => {
    const { values, facts } = await detectFixture(row.fixture);
    expect(values.languageVersion).toBe(row.version);
    expect(values.framework).toBe(row.framework);
    expect(values.port).toBe(row.port);
    expect(values.startCommand).toEqual(['/app/server']);
    expect(facts.mains).toEqual(row.mains);
    expect(facts.layout).toBe(row.layout);
    expect(facts.cgo !== null).toBe(row.cgo);
    expect(facts.vendored).toBe(row.vendored);
    expect(facts.portEnv).toBe(row.portEnv);
  });

  it('copies the workspace manifests before downloading', async () => {
    const { facts } = await detectFixture('go-work');
    expect(facts.manifests).toEqual(['go.work', 'api/go.mod', 'shared/go.mod']);
    expect(facts.moduleDirs).toEqual(['api', 'shared']);
  });

  it('does not claim non-Go repos', async () => {
    expect(await go.detect(await createProject(await repo({ 'README.md': '# hi\n', 'lib.go': 'package lib\n' })))).toBeNull();
  });
});

describe('Go version sources, in order', () => {
  const mod = (extra: string): string => `module example.com/app\n\n${extra}\n`;
  it.for([
    { name: 'toolchain line beats the go directive', files: { 'go.mod': mod('go 1.22.0\ntoolchain go1.23.4'), '.go-version': '1.21.0\n' }, version: '1.23' },
    { name: 'a pin older than the go directive is raised to it', files: { 'go.mod': mod('go 1.22.3'), '.go-version': '1.21.0\n' }, version: '1.22' },
    { name: 'a supported go directive is built with its own line', files: { 'go.mod': mod('go 1.26.2') }, version: '1.26' },
    { name: 'a go directive past end of life is a minimum: the current release', files: { 'go.mod': mod('go 1.24') }, version: GO_DEFAULTS.go },
    { name: 'a go directive newer than the default is kept', files: { 'go.mod': mod('go 1.28rc1') }, version: '1.28' },
    { name: '.go-version when go.mod has no go line', files: { 'go.mod': mod(''), '.go-version': '1.22.5\n' }, version: '1.22' },
    { name: '.tool-versions golang', files: { 'go.mod': mod(''), '.tool-versions': 'nodejs 22.1.0\ngolang 1.21.13\n' }, version: '1.21' },
    { name: 'current stable when nothing says', files: { 'go.mod': mod('') }, version: GO_DEFAULTS.go },
    { name: 'an unmaintained minimum (go 1.16) takes the current release', files: { 'go.mod': mod('go 1.16') }, version: GO_DEFAULTS.go },
  ])('$name', async (row) => {
    const { values } = await detectDir(await repo({ ...row.files, 'main.go': MAIN }));
    expect(values.languageVersion).toBe(row.version);
  });

  it('keeps a pinned toolchain past end of life and names the oldest supported line', async () => {
    const detection = await detectDir(await repo({ 'go.mod': mod('go 1.22.0\ntoolchain go1.23.4'), 'main.go': MAIN }));
    expect(detection.values.languageVersion).toBe('1.23');
    expect(detection.warnings.join('\n')).toContain('Go 1.23 is past end of life (the oldest supported line is Go 1.26); kept as pinned.');
  });

  it('warns about a garbage .go-version and falls through', async () => {
    const detection = await detectDir(await repo({ 'go.mod': 'module x\n', '.go-version': 'latest\nUSER root\n', 'main.go': MAIN }));
    expect(detection.values.languageVersion).toBe(GO_DEFAULTS.go);
    expect(detection.warnings.join('\n')).toMatch(/\.go-version: .* is not a Go version/);
  });
});

describe('main package choice', () => {
  it('offers every cmd/* and defaults to cmd/<module basename>, saying why', async () => {
    const [choice] = (await detectFixture('go-cmd-multi')).choices;
    expect(choice?.key).toBe('main');
    expect(choice?.flag).toBe('--main');
    expect(choice?.options.map((o) => o.value)).toEqual(['./cmd/admin', './cmd/billing', './cmd/migrate']);
    expect(choice?.defaultValue).toBe('./cmd/billing');
    expect(choice?.defaultReason).toMatch(/cmd\/<module basename>/);
  });

  it('falls back to the first alphabetically, and prefers a root main.go', async () => {
    const files = { 'go.mod': 'module github.com/acme/shop\n', 'cmd/worker/main.go': MAIN, 'cmd/api/main.go': MAIN, 'cmd/README.md': 'x' };
    expect((await detectDir(await repo(files))).choices[0]?.defaultValue).toBe('./cmd/api');
    const withRoot = await detectDir(await repo({ ...files, 'main.go': MAIN }));
    expect(withRoot.choices[0]?.defaultValue).toBe('.');
    expect(withRoot.choices[0]?.defaultReason).toMatch(/module root/);
  });

  it('needs no choice for one candidate, and ignores non-main and build-ignored packages', async () => {
    const detection = await detectDir(await repo({
      'go.mod': 'module x\n', 'cmd/api/main.go': MAIN, 'cmd/tool/tool.go': 'package tool\n', 'cmd/gen/main.go': '//go:build ignore\n\npackage main\n', 'gen.go': '//go:build ignore\n\npackage main\n',
    }));
    expect(detection.choices).toEqual([]);
    expect(detection.facts.mains).toEqual(['cmd/api']);
  });

  it('takes the port from the main built by default, not from another main read first', async () => {
    const serve = (port: number): string => `package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":${port}", nil) }\n`;
    // cmd/shop is the default (cmd/<module basename>); cmd/admin sorts, and is globbed, before it.
    const detection = await detectDir(await repo({ 'go.mod': 'module github.com/acme/shop\n', 'cmd/admin/main.go': serve(9000), 'cmd/shop/main.go': serve(8081) }));
    expect(detection.choices[0]?.defaultValue).toBe('./cmd/shop');
    expect(detection.facts.port).toBe(8081);
    expect(detection.evidence).toContainEqual({ file: 'cmd/shop/main.go', reason: expect.stringContaining('8081') });
  });

  it('finds a main outside cmd/ (server/main.go)', async () => {
    expect((await detectDir(await repo({ 'go.mod': 'module x\n', 'server/main.go': MAIN, 'lib/lib.go': 'package lib\n' }))).facts.mains).toEqual(['server']);
  });

  it('--yes takes the default and says so; --main chooses; an unknown --main is a usage error', async () => {
    const dir = path.join(FIXTURES, 'go-cmd-multi');
    const yes = await runCli([dir, '--yes', '--dry-run', '--only', 'dockerfile'], dir);
    expect(yes.exit).toBe(0);
    expect(yes.stdout).toMatch(/took \.\/cmd\/billing \(cmd\/<module basename>.*pass --main/);
    const chosen = await runCli([dir, '--yes', '--dry-run', '--json', '--main', './cmd/admin'], dir);
    expect((JSON.parse(chosen.stdout) as { files: { contents: string }[] }).files[0]?.contents).toContain('-o /out/server ./cmd/admin');
    const wrong = await runCli([dir, '--yes', '--dry-run', '--main', './cmd/nope'], dir);
    expect(wrong.exit).toBe(2);
    expect(wrong.stderr).toMatch(/--main \.\/cmd\/nope is not one of/);
  });

  it('without any main package, exits 2 naming --main', async () => {
    const dir = await repo({ 'go.mod': 'module x\n', 'lib.go': 'package lib\n' });
    const r = await runCli([dir, '--yes', '--dry-run'], dir);
    expect(r.exit).toBe(2);
    expect(r.stderr).toMatch(/--main/);
    const given = await runCli([dir, '--yes', '--dry-run', '--json', '--main', 'tools/x'], dir);
    expect(given.exit).toBe(0);
    expect(given.stdout).toContain('-o /out/server ./tools/x');
  });
});

describe('cgo, ports and frameworks from the code', () => {
  it.for([
    { name: 'http.Server Addr', code: 'srv := &http.Server{Addr: "0.0.0.0:9000"}', port: 9000 },
    { name: 'fiber Listen', code: 'app.Listen(":3000")', port: 3000 },
    { name: 'net.Listen tcp', code: 'net.Listen("tcp", ":7000")', port: 7000 },
    { name: 'cmp.Or default', code: 'addr := ":" + cmp.Or(os.Getenv("PORT"), "5050")', port: 5050 },
    { name: 'getenv helper', code: 'port := getEnv("PORT", "4040")', port: 4040 },
    { name: 'flag.Int default', code: 'port := flag.Int("port", 8081, "port of server")', port: 8081 },
    { name: 'flag.StringVar default read from the environment first', code: 'flag.StringVar(&port, "port", getEnv("APP_PORT_NUMBER", "80"), "port")', port: 80 },
    { name: 'cobra IntVarP with a shorthand', code: 'cmd.Flags().IntVarP(&port, "port", "p", 9090, "port")', port: 9090 },
    { name: 'address flag', code: 'addr := flag.String("listen-addr", "127.0.0.1:7070", "listen address")', port: 7070 },
    { name: 'urfave/cli flag', code: 'flags := []cli.Flag{&cli.IntFlag{Name: "port", Usage: "port", Value: 6060}}', port: 6060 },
    { name: 'viper default', code: 'viper.SetDefault("server.port", 5151)', port: 5151 },
    { name: 'a flag that is not the port', code: 'flag.Int("workers", 4000, "workers")\n\thttp.ListenAndServe(addr, nil)', port: 8080 },
    { name: 'nothing plain', code: 'http.ListenAndServe(addr, nil)', port: 8080 },
  ])('$name → $port', async (row) => {
    const { values } = await detectDir(await repo({ 'go.mod': 'module x\n', 'main.go': `package main\n\nfunc main() {\n\t${row.code}\n}\n` }));
    expect(values.port).toBe(row.port);
  });

  it('sees import "C" inside an import block and the fiber framework from go.mod', async () => {
    const { facts, values } = await detectDir(await repo({
      'go.mod': 'module x\n\nrequire github.com/gofiber/fiber/v2 v2.52.0\n',
      'main.go': MAIN,
      'internal/native/native.go': 'package native\n\n// #include <stdlib.h>\nimport (\n\t"C"\n\t"unsafe"\n)\n',
    }));
    expect(facts.cgo).toBe('import "C" in internal/native/native.go');
    expect(values.framework).toBe('fiber');
  });

  it('warns when no code starts a server (a command-line tool), and not for a server', async () => {
    const cli = await detectDir(await repo({ 'go.mod': 'module x\n', 'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\tresp, _ := http.Get("https://example.com")\n\tfmt.Println(resp.Status)\n}\n' }));
    expect(cli.warnings.join('\n')).toContain('No code read starts a server');
    const server = await detectDir(await repo({ 'go.mod': 'module x\n', 'main.go': MAIN }));
    expect(server.warnings.join('\n')).not.toContain('starts a server');
  });

  it('does not mistake a string "C" or a test file for cgo', async () => {
    const { facts } = await detectDir(await repo({ 'go.mod': 'module x\n', 'main.go': `${MAIN}\nvar grade = "C"\n`, 'main_test.go': 'package main\n\nimport "C"\n' }));
    expect(facts.cgo).toBeNull();
  });
});
