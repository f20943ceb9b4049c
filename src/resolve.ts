import { missingFlag, usageError } from './errors.js';
import type { Flags } from './flags.js';
import type { BaseId, Choice, Detection, Io, ResolvedOptions, Stack, StackId } from './types.js';

export interface Answers {
  port?: number | null;
  base?: BaseId;
  cmd?: readonly string[];
  choices?: Record<string, string>;
}

/** Prompts for the gaps; injected so tests and non-interactive runs never load the wizard. */
export type Ask = (questions: Questions) => Promise<Answers>;

/** Asks one question before anything is detected (which workspace member); undefined when no prompt is possible. */
export type AskChoice = (choice: Choice) => Promise<string | undefined>;

export interface Questions {
  readonly stack: Stack<unknown>;
  readonly detection: Detection<unknown>;
  readonly port: number | null;
  readonly askPort: boolean;
  readonly askBase: boolean;
  readonly askCmd: boolean;
  readonly choices: readonly Choice[];
  /** Backing services compose will run (postgres, redis…), shown with the detection. */
  readonly services: readonly string[];
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
): Promise<{ options: ResolvedOptions; answers: Answers }> {
  if (flags.base !== null && !stack.bases.includes(flags.base)) {
    throw usageError(`--base ${flags.base} is not available for ${stack.label}: use one of ${stack.bases.join(', ')}.`);
  }
  const openChoices = detection.choices.filter((c) => flags.choices[c.key] === undefined);
  const detected = detection.values;
  const answers = interactive
    ? await ask({
        stack, detection, port: flags.port ?? detected.port,
        askPort: flags.port === null && detected.port !== null,
        askBase: flags.base === null && stack.bases.length > 1,
        askCmd: flags.cmd === null && detected.startCommand === null,
        choices: openChoices,
        services,
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
  const startCommand = flags.cmd ?? answers.cmd ?? detected.startCommand;
  if (startCommand === null && detection.refusal !== undefined) throw usageError(`${detection.refusal}.`);
  if (startCommand === null) throw missingFlag('--cmd', `The start command (${stack.startHint})`);
  const languageVersion = flags.versions[LANGUAGE[stack.id]] ?? detected.languageVersion;
  if (languageVersion === null) throw missingFlag(`--${LANGUAGE[stack.id]}-version`, `The ${stack.label} version`);
  const options: ResolvedOptions = {
    port: flags.port ?? (answers.port === undefined ? detected.port : answers.port),
    languageVersion,
    packageManager: flags.packageManager ?? detected.packageManager,
    startCommand,
    base: flags.base ?? answers.base ?? (stack.bases[0] as BaseId),
    healthcheck: !flags.noHealthcheck,
    choices,
    features: flags.features,
  };
  return { options, answers };
}
