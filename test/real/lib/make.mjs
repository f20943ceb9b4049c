/**
 * Makes one matrix app into a cache outside the repository (the apps' code is not ours and is
 * never committed). The cache folder is keyed by a hash of the app's entry and its recipe files,
 * so a pinned generator version change or a recipe edit makes a new app, and an unchanged one is
 * reused between runs on the same machine.
 */
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { EDITS } from './edits.mjs';
import { convertPackageManager } from './package-managers.mjs';

export const REAL = path.resolve(import.meta.dirname, '..');
export const CACHE = process.env.REAL_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'create-dockerfile-real');

function recipeFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? recipeFiles(full, base) : [[path.relative(base, full), readFileSync(full, 'utf8')]];
  }).sort();
}

export function appKey(app) {
  const hash = createHash('sha256').update(JSON.stringify(app.make));
  if (app.make.recipe !== undefined) hash.update(JSON.stringify(recipeFiles(path.join(REAL, 'recipes', app.make.recipe))));
  return `${app.name}-${hash.digest('hex').slice(0, 12)}`;
}

/** Environment for generators: no telemetry, no prompts, npm's registry for Yarn 1 too. */
function makeEnv() {
  const registry = execSync('npm config get registry', { encoding: 'utf8' }).trim();
  return { ...process.env, CI: '1', NEXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false', ASTRO_TELEMETRY_DISABLED: '1', NUXT_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', YARN_ENABLE_TELEMETRY: '0', YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', npm_config_registry: registry, YARN_REGISTRY: registry, YARN_NPM_REGISTRY_SERVER: registry.replace(/\/$/, '') };
}

/** The app's folder in the cache, made now when missing; the commands' output goes to <key>.log. */
export async function makeApp(app, log = () => {}) {
  const key = appKey(app);
  // The app's own folder is named after it: generators name the package after the folder.
  const done = path.join(CACHE, key, app.name);
  if (existsSync(path.join(done, '.matrix-made'))) return done;
  const work = path.join(CACHE, `${key}.partial`, app.name);
  rmSync(path.dirname(work), { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const env = makeEnv();
  const logFile = path.join(CACHE, `${key}.log`);
  writeFileSync(logFile, '');
  const sh = async (command) => {
    log(`  $ ${command}`);
    const result = await execa(command, { cwd: work, env, shell: '/bin/bash', stdin: 'ignore', all: true, reject: false, timeout: 900_000 });
    writeFileSync(logFile, `$ ${command}\n${result.all}\n`, { flag: 'a' });
    if (result.exitCode !== 0) throw new Error(`making ${app.name} failed at \`${command}\`: ${result.all.trim().split('\n').slice(-5).join(' | ')}`);
  };
  if (app.make.recipe !== undefined) cpSync(path.join(REAL, 'recipes', app.make.recipe), work, { recursive: true });
  for (const command of app.make.run ?? []) await sh(command);
  for (const edit of app.make.edits ?? []) EDITS[edit](work);
  if (app.make.pm !== undefined) await convertPackageManager(work, app.make, sh);
  // The image build installs from the lockfile; the host's node_modules only cost copy time.
  for (const dir of ['node_modules', '.git']) rmSync(path.join(work, dir), { recursive: true, force: true });
  writeFileSync(path.join(work, '.matrix-made'), `${new Date().toISOString()}\n`);
  rmSync(path.dirname(done), { recursive: true, force: true });
  renameSync(path.dirname(work), path.dirname(done));
  return done;
}
