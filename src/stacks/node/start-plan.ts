import { usageError } from '../../errors.js';
import { quoted } from '../../safe.js';
import type { ResolvedOptions } from '../../types.js';
import type { NodeFacts } from './detect.js';

export interface EnvLine {
  readonly name: string;
  readonly value: string;
}

/** How the production image starts the app: the command, its environment and what it needs. */
export interface StartPlan {
  readonly cmd: readonly string[];
  readonly env: readonly EnvLine[];
  /** Stage whose node_modules the image copies: `deps` when the command's binary is a devDependency. */
  readonly modulesFrom: 'prod-deps' | 'deps';
  /** The command starts child processes (a package manager, a shell): tini signals their whole group. */
  readonly processGroup: boolean;
  /** `--cmd` replaced the detected command: what the start script implied no longer applies. */
  readonly replaced: boolean;
  readonly notes: readonly string[];
}

export function env(name: string, value: string): EnvLine {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`bad env name ${name}`);
  return { name, value: /^[\w./:@-]+$/.test(value) ? value : quoted(value) };
}

/** One line per name, where the name first appears, holding the last value given (the start script's own setting wins). */
export function lastPerName<T extends { readonly name: string }>(lines: readonly T[]): T[] {
  const last = new Map(lines.map((line) => [line.name, line]));
  return [...last.keys()].map((name) => last.get(name) as T);
}

function sameWords(a: readonly string[], b: readonly string[] | null): boolean {
  return b !== null && a.length === b.length && a.every((w, i) => w === b[i]);
}

/** A package manager running a script, or a shell: the app is a child of the first process. */
function spawnsChildren(first: string, second: string | undefined): boolean {
  return /^(sh|bash)$/.test(first) || (/^(npm|pnpm|yarn|bun)$/.test(first) && /^(run|run-script|start)$/.test(second ?? ''));
}

export function startPlan(facts: NodeFacts, options: ResolvedOptions, runtimeBin: string, shellless: boolean): StartPlan {
  const start = facts.start;
  const replaced = !sameWords(options.startCommand, start.command);
  const [first, ...rest] = options.startCommand as [string, ...string[]];
  const cmd = first === 'node' || first === 'bun' ? [runtimeBin, ...rest] : [...options.startCommand];
  // The start script's own NAME=value prefix belongs to that script; the framework's settings hold for any command.
  const scriptEnv = replaced ? {} : start.env;
  const lines = Object.entries({ ...scriptEnv, ...start.frameworkEnv }).map(([k, v]) => env(k, v));
  const notes: string[] = replaced ? [] : [...start.notes];
  const processGroup = spawnsChildren(first, rest[0]);
  if (!replaced && shellless && (start.viaScript || start.binPackage !== null)) {
    throw usageError(
      `--base distroless: the start command (${options.startCommand.join(' ')}) needs a shell, which distroless images do not have; ` +
        'use --base slim, or pass --cmd "node <file>" with the file the script ends up running.',
    );
  }
  if (processGroup) lines.push(env('NPM_CONFIG_UPDATE_NOTIFIER', 'false'));
  if (!replaced && start.viaScript) {
    notes.push(
      `The start script needs a shell (operators or variables), so the image runs  ${options.startCommand.join(' ')}  under tini -g, which stops the whole process group on docker stop. ` +
        'A start script that is one command (node <file>) starts faster and runs without npm: pass it with --cmd.',
    );
  }
  const devBin = !replaced && start.binPackage?.dev === true;
  if (devBin) {
    notes.push(
      `The start command runs ${first} from ${start.binPackage?.name}, a devDependency: the image keeps all dependencies so it is there. ` +
        `Move ${start.binPackage?.name} to "dependencies" and re-run for an image with production dependencies only.`,
    );
  }
  return { cmd, env: lines, modulesFrom: devBin ? 'deps' : 'prod-deps', processGroup, replaced, notes };
}
