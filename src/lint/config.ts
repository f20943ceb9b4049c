import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Severity } from './types.js';

export const CONFIG_NAMES = ['.create-dockerfile-lint.yaml', '.create-dockerfile-lint.yml', '.hadolint.yaml', '.hadolint.yml'];

export interface LintConfig {
  ignored: string[];
  /** Opt-in rules to run anyway (e.g. the waived DL3008). */
  enable: string[];
  /** null means "never fail" (hadolint's `none`/`ignore`). */
  failureThreshold?: Severity | null;
  source?: string;
}

export class ConfigError extends Error {}

const THRESHOLDS: Record<string, Severity | null> = {
  error: 'error', warning: 'warning', info: 'info', style: 'info', ignore: null, none: null,
};

function stringList(value: unknown, key: string, file: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ConfigError(`${file}: "${key}" must be a list of rule ids`);
  }
  return value as string[];
}

export function parseConfig(text: string, file: string): LintConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: invalid YAML (${(err as Error).message.split('\n')[0] ?? ''})`);
  }
  if (doc === null || doc === undefined) return { ignored: [], enable: [], source: file };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${file}: expected a mapping`);
  const obj = doc as Record<string, unknown>;
  const config: LintConfig = {
    ignored: stringList(obj['ignored'], 'ignored', file),
    enable: stringList(obj['enable'], 'enable', file),
    source: file,
  };
  const threshold = obj['failure-threshold'];
  if (threshold !== undefined) {
    if (typeof threshold !== 'string' || !(threshold in THRESHOLDS)) {
      throw new ConfigError(`${file}: "failure-threshold" must be one of ${Object.keys(THRESHOLDS).join(', ')}`);
    }
    config.failureThreshold = THRESHOLDS[threshold] ?? null;
  }
  return config;
}

export async function readConfig(file: string): Promise<LintConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseConfig(text, file);
}

/** The first config file found next to the Dockerfile, then in `cwd`; null when there is none. */
export async function findConfig(dockerfileDir: string, cwd: string): Promise<LintConfig | null> {
  for (const dir of dockerfileDir === cwd ? [cwd] : [dockerfileDir, cwd]) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      try {
        return parseConfig(await readFile(file, 'utf8'), file);
      } catch (err) {
        if (err instanceof ConfigError) throw err;
      }
    }
  }
  return null;
}
