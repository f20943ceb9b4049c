import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Arg, Env } from 'dockerfile-ast';
import type { Model, RunInfo } from './model.js';
import { chain } from './model.js';
import type { Severity } from './types.js';

export interface ShellcheckHit {
  line: number;
  column: number;
  code: string;
  severity: Severity;
  message: string;
}

/**
 * SC1090/SC1091: sourced files are not in the build context we see. SC2034: the `NAME=x` lines we
 * prepend to declare ARG/ENV names would all be "unused". SC2187: ash is checked as dash anyway.
 */
const EXCLUDE = ['SC1090', 'SC1091', 'SC2034', 'SC2187'];
const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

let available: Promise<boolean> | null = null;

function exec(args: string[], input: string): Promise<{ code: number | null; stdout: string } | null> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('shellcheck', args, { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      resolve(null);
      return;
    }
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { stdout += d; });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Whether a `shellcheck` binary is on PATH (probed once per process). */
export function shellcheckAvailable(): Promise<boolean> {
  available ??= exec(['--version'], '').then((r) => r !== null && r.code === 0);
  return available;
}

/** 'sh' | 'bash' for scripts shellcheck can judge, null for other interpreters (pwsh, python…). */
function dialect(r: RunInfo): 'sh' | 'bash' | null {
  const firstRaw = (r.run.getRawArgumentsContent() ?? '').split('\n')[0] ?? '';
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(r.lines[0]?.text ?? '');
  if (shebang && /^<</.test(firstRaw)) {
    const interp = (shebang[1]?.endsWith('/env') ? shebang[2] : shebang[1]) ?? '';
    if (/(^|\/)bash$/.test(interp)) return 'bash';
    return /(^|\/)(sh|dash|ash)$/.test(interp) ? 'sh' : null;
  }
  if (/^<<\S+\s+bash\b/.test(firstRaw)) return 'bash';
  const shell = r.shell[0] ?? '';
  if (/(^|\/)bash$/.test(shell)) return 'bash';
  return /(^|\/)(sh|dash|ash)$/.test(shell) ? 'sh' : null;
}

/** ARG/ENV names visible to this RUN, so shellcheck does not report them as unassigned. */
function namesInScope(r: RunInfo): string[] {
  const line = r.run.getRange().start.line;
  const names = new Set<string>();
  for (const s of chain(r.stage)) {
    for (const i of s.instructions) {
      if (s === r.stage && i.getRange().start.line >= line) break;
      const kw = i.getKeyword();
      if (kw === 'ENV') (i as Env).getProperties().forEach((p) => names.add(p.getName()));
      if (kw === 'ARG' && s === r.stage) {
        const p = (i as Arg).getProperty();
        if (p) names.add(p.getName());
      }
    }
  }
  // Assigning PATH draws SC2123; every other name is declared so that e.g. `ARG UID` does not
  // read as bash's UID (SC3028) and lowercase ARGs are not "unassigned" (SC2154).
  return [...names].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && n !== 'PATH');
}

/** The script shellcheck reads for one RUN, and how many lines it puts before the RUN's own. */
function scriptOf(r: RunInfo): { text: string; offset: number } | null {
  const kind = dialect(r);
  if (kind === null || r.exec || r.lines.length === 0) return null;
  const body = r.lines.map((l) => l.text);
  const hasShebang = body[0]?.startsWith('#!') === true;
  const header = [...(hasShebang ? [body.shift() ?? ''] : [`# shellcheck shell=${kind}`]), ...namesInScope(r).map((n) => `${n}=x`)];
  return { text: [...header, ...body].join('\n') + '\n', offset: header.length - (hasShebang ? 1 : 0) };
}

interface Comment { file: string; line: number; column: number; level: string; code: number; message: string }

/**
 * Shellcheck findings for every shell-form RUN; [] when shellcheck is not installed. Each RUN is a
 * script file of its own (its own shell directive and names in scope), and one shellcheck process
 * reads them all: starting it costs far more than checking a RUN.
 */
export async function shellcheckModel(m: Model): Promise<ShellcheckHit[]> {
  const checked = m.runs.flatMap((r) => {
    const script = scriptOf(r);
    return script === null ? [] : [{ run: r, ...script }];
  });
  if (checked.length === 0 || !(await shellcheckAvailable())) return [];
  const dir = await mkdtemp(join(tmpdir(), 'create-dockerfile-shellcheck-'));
  try {
    const files = checked.map((_, i) => join(dir, `run-${i}.sh`));
    await Promise.all(checked.map((c, i) => writeFile(files[i] as string, c.text)));
    const result = await exec(['--norc', '--format=json1', `--exclude=${EXCLUDE.join(',')}`, ...files], '');
    if (!result?.stdout) return [];
    let parsed: { comments?: Comment[] };
    try {
      parsed = JSON.parse(result.stdout) as typeof parsed;
    } catch {
      return [];
    }
    return (parsed.comments ?? []).flatMap((c) => {
      const at = files.indexOf(c.file);
      const { run: r, offset } = checked[at] ?? {};
      if (r === undefined || offset === undefined) return [];
      const src = r.lines[c.line - 1 - offset];
      const start = r.run.getRange().start;
      return [{
        line: src?.line ?? start.line,
        column: src ? Math.max(0, c.column - 1) : start.character,
        code: `SC${c.code}`,
        severity: LEVELS[c.level] ?? 'info',
        message: c.message,
      }];
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
