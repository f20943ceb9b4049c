import type { Detection, Evidence, Project } from '../../types.js';
import { scanCode } from './code.js';
import { CGO_MODULES, GO_FRAMEWORKS } from './defaults.js';
import { normaliseDir, parseGoMod, parseGoWork, type GoMod } from './gomod.js';
import { defaultMain, findMains, isMainPackage, mainChoice, type MainModule } from './mains.js';
import { detectGoVersion } from './version.js';

export interface GoFacts {
  /** `module`: a go.mod at the root · `workspace`: go.work · `file`: a lone main.go without go.mod. */
  readonly layout: 'module' | 'workspace' | 'file';
  /** Module path of the root module (or of the first workspace module), for labels. */
  readonly modulePath: string | null;
  readonly goVersion: string;
  /** Manifests copied before `go mod download` (go.work, go.work.sum, each module's go.mod/go.sum). */
  readonly manifests: readonly string[];
  /** Main packages as repo-relative folders ('' for the root). */
  readonly mains: readonly string[];
  /** Module folders ('' for the root): `go test` runs in each. */
  readonly moduleDirs: readonly string[];
  /** Why cgo is needed (`import "C"` in a file, or a dependency), or null for a static build. */
  readonly cgo: string | null;
  readonly vendored: boolean;
  readonly framework: string | null;
  readonly port: number;
  readonly portEnv: boolean;
  /** Repo paths read from disk at run time, copied next to the binary (WORKDIR /app). */
  readonly runtimePaths: readonly string[];
}

interface Modules {
  readonly layout: GoFacts['layout'];
  readonly mods: readonly (MainModule & { readonly mod: GoMod | null })[];
  readonly manifests: string[];
  readonly version: { toolchain: string | null; directive: string | null; manifest: string };
}

async function addIfPresent(project: Project, list: string[], ...files: string[]): Promise<void> {
  for (const file of files) if (await project.exists(file)) list.push(file);
}

/** Local `replace => ./dir` targets are needed before `go mod download`; ones outside the repo cannot be. */
async function localReplaces(project: Project, mod: GoMod, dir: string, manifests: string[], warnings: string[]): Promise<void> {
  for (const target of mod.localReplaces) {
    const joined = normaliseDir(dir === '' ? target : `${dir}/${target}`);
    if (joined.split('/').includes('..')) {
      warnings.push(`go.mod replaces a module with ${target}, outside this folder: the Docker build context cannot see it; vendor it or build from the parent folder.`);
      continue;
    }
    await addIfPresent(project, manifests, `${joined}/go.mod`, `${joined}/go.sum`);
  }
}

async function readModules(project: Project, evidence: Evidence[], warnings: string[]): Promise<Modules | null> {
  const workText = await project.readText('go.work');
  if (workText !== null) {
    const work = parseGoWork(workText);
    evidence.push({ file: 'go.work', reason: `Go workspace of ${work.uses.length} module(s)` });
    const manifests = ['go.work'];
    await addIfPresent(project, manifests, 'go.work.sum');
    const mods: (MainModule & { mod: GoMod })[] = [];
    for (const dir of work.uses) {
      const file = dir === '' ? 'go.mod' : `${dir}/go.mod`;
      const text = dir.split('/').includes('..') ? null : await project.readText(file);
      if (text === null) {
        warnings.push(`go.work uses ${dir === '' ? '.' : dir}, which has no go.mod inside this folder; skipped.`);
        continue;
      }
      const mod = parseGoMod(text, file);
      mods.push({ dir, path: mod.module, mod });
      await addIfPresent(project, manifests, file, dir === '' ? 'go.sum' : `${dir}/go.sum`);
      await localReplaces(project, mod, dir, manifests, warnings);
    }
    return { layout: 'workspace', mods, manifests, version: { toolchain: work.toolchain, directive: work.go, manifest: 'go.work' } };
  }
  const modText = await project.readText('go.mod');
  if (modText !== null) {
    const mod = parseGoMod(modText);
    evidence.push({ file: 'go.mod', reason: `Go module ${mod.module}` });
    const manifests = ['go.mod'];
    await addIfPresent(project, manifests, 'go.sum');
    await localReplaces(project, mod, '', manifests, warnings);
    return { layout: 'module', mods: [{ dir: '', path: mod.module, mod }], manifests, version: { toolchain: mod.toolchain, directive: mod.go, manifest: 'go.mod' } };
  }
  if ((await project.exists('main.go')) && (await isMainPackage(project, ''))) {
    evidence.push({ file: 'main.go', reason: 'a Go main package without go.mod' });
    warnings.push('No go.mod: the image runs `go mod init app` before building. Run `go mod init <module path>` and commit go.mod (and go.sum) for reproducible builds.');
    return { layout: 'file', mods: [{ dir: '', path: 'app', mod: null }], manifests: [], version: { toolchain: null, directive: null, manifest: 'go.mod' } };
  }
  return null;
}

function frameworkOf(requires: readonly string[], netHttp: boolean): string | null {
  for (const { module, name } of GO_FRAMEWORKS) if (requires.some((r) => module.test(r))) return name;
  return netHttp ? 'net/http' : null;
}

export async function detectGo(project: Project): Promise<Detection<GoFacts> | null> {
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const modules = await readModules(project, evidence, warnings);
  if (modules === null) return null;
  const goVersion = await detectGoVersion(project, modules.version, evidence, warnings);
  const mains: string[] = [];
  for (const m of modules.mods) mains.push(...(await findMains(project, m.dir)));
  if (mains.length === 0) warnings.push('No main package found (package main in main.go or cmd/<name>/): pass --main ./path/to/main.');
  else evidence.push({ file: mains.length === 1 && mains[0] !== '' ? `${mains[0]}/` : '.', reason: `main package${mains.length === 1 ? '' : 's'}: ${mains.map((m) => (m === '' ? '.' : m)).join(', ')}` });
  // The main built by default is read first: its port is the image's (--main picks another, --port changes it).
  const first = mains.length > 1 ? defaultMain(mains, modules.mods).dir : null;
  const code = await scanCode(project, first === null ? mains : [first, ...mains.filter((m) => m !== first)], evidence);
  const requires = modules.mods.flatMap((m) => m.mod?.requires ?? []);
  const cgoModule = requires.find((r) => CGO_MODULES.includes(r)) ?? null;
  const cgo = code.cgoFile !== null ? `import "C" in ${code.cgoFile}` : cgoModule === null ? null : `${cgoModule} needs cgo`;
  if (cgo !== null) evidence.push({ file: code.cgoFile ?? 'go.mod', reason: `${cgo}: CGO_ENABLED=1 and a runtime with libc` });
  const vendored = await project.exists('vendor/modules.txt');
  if (vendored) evidence.push({ file: 'vendor/modules.txt', reason: 'vendored dependencies: go build -mod=vendor' });
  const framework = frameworkOf(requires, code.netHttp);
  if (!code.listens && (framework === null || framework === 'net/http') && mains.length > 0) {
    warnings.push(
      `No code read starts a server (ListenAndServe, net.Listen, Serve) and go.mod has no web framework: if this is a command-line tool or a worker, the image's EXPOSE ${code.port} and HEALTHCHECK do not fit it. ` +
        'Pass --no-healthcheck (and give the container its arguments), or --port with the port it serves on.',
    );
  }
  const facts: GoFacts = {
    layout: modules.layout,
    modulePath: modules.layout === 'file' ? null : (modules.mods[0]?.path ?? null),
    goVersion,
    manifests: modules.manifests,
    mains,
    moduleDirs: modules.mods.map((m) => m.dir),
    cgo,
    vendored,
    framework,
    port: code.port,
    portEnv: code.portEnv,
    runtimePaths: code.runtimePaths,
  };
  return {
    stack: 'go',
    facts,
    values: { packageManager: 'go', languageVersion: goVersion, framework, startCommand: ['/app/server'], port: code.port },
    evidence,
    choices: mainChoice(mains, modules.mods),
    warnings,
  };
}
