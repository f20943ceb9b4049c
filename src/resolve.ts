import { missingFlag, usageError } from './errors.js';
import type { Flags } from './flags.js';
import { FILE_KINDS, type BaseId, type Choice, type Detection, type FileKind, type Io, type ResolvedOptions, type Stack, type StackId } from './types.js';

export interface Answers {
  port?: number | null;
  base?: BaseId;
  cmd?: readonly string[];
  choices?: Record<string, string>;
  /** Services chosen for compose (a subset of those found). */
  services?: readonly string[];
  /** The kinds of file to write, when the wizard asked. */
  only?: readonly FileKind[];
}

/** Prompts for the gaps; injected so tests and non-interactive runs never load the wizard. */
export type Ask = (questions: Questions) => Promise<Answers>;

/** Asks one question before anything is detected (which workspace member); undefined when no prompt is possible. */
export type AskChoice = (choice: Choice) => Promise<string | undefined>;

/** Where a value shown in the wizard comes from: a flag, the remembered options, or detection. */
export type Source = 'flag' | 'remembered' | 'detected';

export interface Questions {
  readonly stack: Stack<unknown>;
  readonly detection: Detection<unknown>;
  /** What will be written unless the answers change it: flags, then remembered options, then detection. */
  readonly port: number | null;
  readonly cmd: readonly string[] | null;
  readonly base: BaseId;
  readonly languageVersion: string | null;
  readonly packageManager: string | null;
  readonly sources: Readonly<Record<'port' | 'cmd' | 'base' | 'languageVersion' | 'packageManager' | 'services' | 'only', Source>>;
  readonly askPort: boolean;
  readonly askBase: boolean;
  readonly askCmd: boolean;
  /** Open choices; `defaultValue` is the remembered answer when there is one. */
  readonly choices: readonly Choice[];
  /** Backing services found for compose (postgres, redis…), shown with the detection. */
  readonly services: readonly string[];
  /** The services ticked at first: those remembered (`services`), else all found. */
  readonly chosenServices: readonly string[];
  /** The kinds of file to write unless the answer changes them: --only, remembered, else all. */
  readonly only: readonly FileKind[];
  readonly askOnly: boolean;
  /** Files this run writes that are already in the repo, said before the first question. */
  readonly existing: readonly string[];
}

const LANGUAGE: Record<StackId, 'node' | 'go' | 'python' | 'java'> = { nextjs: 'node', node: 'node', go: 'go', python: 'python', java: 'java' };

export function isInteractive(flags: Flags, io: Io): boolean {
  return !flags.yes && !flags.json && io.isTTY && !io.env.CI;
}

/** Merges flags (incl. remembered ones), detection and answers. Notes say which defaults were taken. */
export async function resolveOptions(
  stack: Stack<unknown>,
  detection: Detection<unknown>,
  flags: Flags,
  interactive: boolean,
  ask: Ask,
  notes: string[],
  services: readonly string[] = [],
  existing: readonly string[] = [],
): Promise<{ options: ResolvedOptions; answers: Answers }> {
  if (flags.base !== null && !stack.bases.includes(flags.base)) {
    throw usageError(`--base ${flags.base} is not available for ${stack.label}: use one of ${stack.bases.join(', ')}.`);
  }
  // Remembered values are defaults the wizard offers, not answers that skip its questions.
  const given = (name: string): boolean => Object.hasOwn(flags.given, name);
  const source = (name: string, value: unknown): Source => (given(name) ? 'flag' : value !== null && value !== undefined ? 'remembered' : 'detected');
  const openChoices = detection.choices.filter((c) => (interactive ? !given(c.key) : flags.choices[c.key] === undefined));
  const detected = detection.values;
  const answers = interactive
    ? await ask({
        stack, detection,
        port: flags.port ?? detected.port,
        cmd: flags.cmd ?? detected.startCommand,
        base: flags.base ?? (stack.bases[0] as BaseId),
        languageVersion: flags.versions[LANGUAGE[stack.id]] ?? detected.languageVersion,
        packageManager: flags.packageManager ?? detected.packageManager,
        sources: {
          port: source('port', flags.port), cmd: source('cmd', flags.cmd), base: source('base', flags.base),
          languageVersion: source(`${LANGUAGE[stack.id]}-version`, flags.versions[LANGUAGE[stack.id]]),
          packageManager: source('package-manager', flags.packageManager),
          services: source('services', flags.services), only: source('only', flags.only),
        },
        askPort: !given('port'),
        askBase: !given('base') && (detection.bases ?? stack.bases).length > 1,
        askCmd: !given('cmd'),
        choices: openChoices.map((c) => ({ ...c, defaultValue: flags.choices[c.key] ?? c.defaultValue })),
        services,
        chosenServices: flags.services === null ? services : services.filter((s) => (flags.services as readonly string[]).includes(s)),
        only: flags.only ?? FILE_KINDS,
        askOnly: !given('only'),
        existing,
      })
    : {};
  const choices: Record<string, string> = { ...flags.choices, ...answers.choices };
  for (const choice of openChoices) {
    if (choices[choice.key] !== undefined) continue;
    if (choice.defaultValue === null) throw missingFlag(choice.flag, choice.message);
    choices[choice.key] = choice.defaultValue;
    notes.push(`${choice.message}: took ${choice.defaultValue} (${choice.defaultReason}); pass ${choice.flag} to choose another.`);
  }
  for (const [key, value] of Object.entries(flags.choices)) {
    const choice = detection.choices.find((c) => c.key === key);
    if (choice !== undefined && !choice.options.some((o) => o.value === value)) {
      throw usageError(`${choice.flag} ${value} is not one of: ${choice.options.map((o) => o.value).join(', ')}.`);
    }
  }
  const startCommand = answers.cmd ?? flags.cmd ?? detected.startCommand;
  if (startCommand === null && detection.refusal !== undefined) throw usageError(`${detection.refusal}.`);
  if (startCommand === null) throw missingFlag('--cmd', 'The start command', stack.startHint);
  const languageVersion = flags.versions[LANGUAGE[stack.id]] ?? detected.languageVersion;
  if (languageVersion === null) throw missingFlag(`--${LANGUAGE[stack.id]}-version`, `The ${stack.label} version`);
  const options: ResolvedOptions = {
    port: answers.port === undefined ? (flags.port ?? detected.port) : answers.port,
    languageVersion,
    packageManager: flags.packageManager ?? detected.packageManager,
    startCommand,
    base: answers.base ?? flags.base ?? (stack.bases[0] as BaseId),
    healthcheck: !flags.noHealthcheck,
    choices,
    features: flags.features,
  };
  return { options, answers };
}
