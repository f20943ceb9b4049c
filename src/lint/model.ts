import { DockerfileParser } from 'dockerfile-ast';
import type { Arg, Dockerfile, Flag, From, Instruction, Run } from 'dockerfile-ast';
import { parseShell } from './shell.js';
import type { ParsedShell } from './shell.js';

export interface Stage {
  index: number;
  from: From;
  /** Name as written after AS (original casing), or null. */
  name: string | null;
  instructions: Instruction[];
  /** The earlier stage this one builds FROM, if any. */
  parent: Stage | null;
}

export interface ScriptLine {
  text: string;
  /** 0-based Dockerfile line the text came from. */
  line: number;
}

export interface RunInfo {
  run: Run;
  stage: Stage;
  /** Exec (JSON) form: no shell involved. */
  exec: boolean;
  /** Shell script as the shell would receive it, line by line, comment lines removed. */
  lines: ScriptLine[];
  script: string;
  parsed: ParsedShell;
  /** The SHELL in effect, e.g. ['/bin/sh', '-c']. */
  shell: string[];
  mounts: Mount[];
}

export interface Mount {
  type: string;
  target: string;
}

export interface Model {
  text: string;
  dockerfile: Dockerfile;
  instructions: Instruction[];
  /** ARGs before the first FROM. */
  globalArgs: Arg[];
  stages: Stage[];
  finalStage: Stage | null;
  runs: RunInfo[];
  /** Offsets of each line start, for quote-aware scans. */
  lineStarts: number[];
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];

export function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0] ? s.slice(1, -1) : s;
}

export function jsonStrings(instr: Instruction): string[] | null {
  const withJson = instr as Partial<{ getOpeningBracket(): unknown; getJSONStrings(): { getValue(): string }[] }>;
  if (typeof withJson.getOpeningBracket !== 'function' || withJson.getOpeningBracket() === null) return null;
  return (withJson.getJSONStrings?.() ?? []).map((a) => {
    try {
      return JSON.parse(a.getValue()) as string;
    } catch {
      return unquote(a.getValue());
    }
  });
}

export function flagsOf(instr: Instruction): Flag[] {
  const withFlags = instr as Partial<{ getFlags(): Flag[] }>;
  return typeof withFlags.getFlags === 'function' ? withFlags.getFlags() : [];
}

export function flagValue(instr: Instruction, name: string): string | null | undefined {
  const flag = flagsOf(instr).find((f) => f.getName().toLowerCase() === name);
  return flag === undefined ? undefined : flag.getValue();
}

function mountsOf(run: Run): Mount[] {
  return flagsOf(run)
    .filter((f) => f.getName() === 'mount')
    .map((f) => {
      const opt = (n: string): string | null => f.getOption(n)?.getValue() ?? null;
      return { type: opt('type') ?? 'bind', target: opt('target') ?? opt('dst') ?? opt('destination') ?? '' };
    });
}

/**
 * The script the shell receives. Docker drops comment and blank lines inside a `\` continuation;
 * heredoc bodies are kept verbatim. A bare `RUN <<EOT` (or `RUN <<EOT bash`) runs the body itself.
 */
function scriptLines(run: Run): ScriptLine[] {
  const raw = run.getRawArgumentsContent() ?? '';
  const first = run.getArgumentsRange()?.start.line ?? run.getRange().start.line;
  const all = raw.split('\n').map((text, k) => ({ text, line: first + k }));
  const heredoc = /^<<-?(["']?)([A-Za-z0-9_.-]+)\1\s*(?:(?:ba)?sh(?:\s+-[a-z]+)*)?\s*$/.exec(all[0]?.text ?? '');
  if (heredoc) {
    const delim = heredoc[2] ?? '';
    const end = all.findIndex((l, k) => k > 0 && l.text.trim() === delim);
    return all.slice(1, end < 0 ? undefined : end);
  }
  if (/<<-?\s*["']?[A-Za-z0-9_]/.test(raw)) return all;
  return all.filter((l, k) => k === 0 || (l.text.trim() !== '' && !l.text.trim().startsWith('#')));
}

function buildStages(instructions: Instruction[]): { stages: Stage[]; globalArgs: Arg[] } {
  const stages: Stage[] = [];
  const globalArgs: Arg[] = [];
  let current: Stage | null = null;
  for (const instr of instructions) {
    if (instr.getKeyword() === 'FROM') {
      const from = instr as From;
      const image = (from.getImage() ?? '').toLowerCase();
      const parent = stages.find((s) => s.name !== null && s.name.toLowerCase() === image) ?? null;
      current = { index: stages.length, from, name: from.getBuildStage(), instructions: [], parent };
      stages.push(current);
    } else if (current) {
      current.instructions.push(instr);
    } else if (instr.getKeyword() === 'ARG') {
      globalArgs.push(instr as Arg);
    }
  }
  return { stages, globalArgs };
}

/** The stage and its FROM ancestors, root first. */
export function chain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | null = stage; s && !out.includes(s); s = s.parent) out.unshift(s);
  return out;
}

/** Instructions of the stage including those inherited from FROM ancestors, in build order. */
export function inheritedInstructions(stage: Stage): Instruction[] {
  return chain(stage).flatMap((s) => s.instructions);
}

function buildRuns(stages: Stage[]): RunInfo[] {
  const runs: RunInfo[] = [];
  const finalShell = new Map<Stage, string[]>();
  for (const stage of stages) {
    let shell = (stage.parent && finalShell.get(stage.parent)) ?? DEFAULT_SHELL;
    for (const instr of stage.instructions) {
      if (instr.getKeyword() === 'SHELL') shell = jsonStrings(instr) ?? shell;
      if (instr.getKeyword() !== 'RUN') continue;
      const run = instr as Run;
      const json = jsonStrings(run);
      const lines = json ? [] : scriptLines(run);
      const script = json ? json.join(' ') : lines.map((l) => l.text).join('\n');
      const parsed = json
        ? { commands: json[0] === undefined ? [] : [{ name: json[0], args: json.slice(1), assignments: [], wrappers: [] }], hasPipe: false }
        : parseShell(script);
      runs.push({ run, stage, exec: json !== null, lines, script, parsed, shell, mounts: mountsOf(run) });
    }
    finalShell.set(stage, shell);
  }
  return runs;
}

export function buildModel(text: string): Model {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const { stages, globalArgs } = buildStages(instructions);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return {
    text,
    dockerfile,
    instructions,
    globalArgs,
    stages,
    finalStage: stages.at(-1) ?? null,
    runs: buildRuns(stages),
    lineStarts,
  };
}

export function stageOf(model: Model, instr: Instruction): Stage | undefined {
  return model.stages.find((s) => s.from === instr || s.instructions.includes(instr));
}

export function offsetOf(model: Model, pos: { line: number; character: number }): number {
  return (model.lineStarts[pos.line] ?? model.text.length) + pos.character;
}

/** Whether `pos` sits inside single quotes within the instruction's arguments (no expansion there). */
export function inSingleQuotes(model: Model, instr: Instruction, pos: { line: number; character: number }): boolean {
  const start = instr.getArgumentsRange()?.start;
  if (!start) return false;
  const from = offsetOf(model, start);
  const to = offsetOf(model, pos);
  let single = false;
  let double = false;
  for (let i = from; i < to; i++) {
    const c = model.text[i];
    if (c === '\\' && !single) i++;
    else if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
  }
  return single;
}

export function isFinalChain(model: Model, stage: Stage): boolean {
  return model.finalStage !== null && chain(model.finalStage).includes(stage);
}
