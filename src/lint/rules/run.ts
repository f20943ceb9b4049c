import type { Model, RunInfo } from '../model.js';
import type { ShellCommand } from '../shell.js';
import { hasFlag } from '../shell.js';
import type { Hit, Rule } from '../types.js';

/** Hits for every RUN where `test` returns true (or a message string). */
export function perRun(test: (run: RunInfo, m: Model) => boolean | string): (m: Model) => Hit[] {
  return (m) => m.runs.flatMap((r) => {
    const result = test(r, m);
    if (result === false) return [];
    const s = r.run.getRange().start;
    return [typeof result === 'string' ? { line: s.line, column: s.character, message: result } : { line: s.line, column: s.character }];
  });
}

export function commands(r: RunInfo, name: string | RegExp): ShellCommand[] {
  return r.parsed.commands.filter((c) => (typeof name === 'string' ? c.name === name : name.test(c.name)));
}

const AVOID = ['ssh', 'vim', 'shutdown', 'service', 'ps', 'free', 'top', 'kill', 'mount', 'ifconfig'];
const POSIX_SHELLS = /(^|\/)(sh|bash|ash|dash|zsh|ksh|busybox)$/;

function pipefailInShell(shell: string[]): boolean {
  return shell.some((a, k) => a === 'pipefail' && /^-[a-z]*o$/.test(shell[k - 1] ?? ''));
}

function wgetQuiet(c: ShellCommand): boolean {
  return hasFlag(c.args, ['--progress', '--quiet', '--no-verbose', '--output-file', '--append-output'], 'qo')
    || c.args.includes('-nv') || hasFlag(c.args, [], 'a');
}

function usesTool(r: RunInfo, tool: string): boolean {
  return r.parsed.commands.some((c) => c.name === tool);
}

export const runRules: Rule<Model>[] = [
  {
    id: 'DL3004', aliases: ['DS-0010'], severity: 'error',
    message: 'Do not use sudo as it leads to unpredictable behavior.',
    hint: 'RUN already runs as the current USER; switch with `USER root` for the step instead.',
    check: perRun((r) => r.parsed.commands.some((c) => c.name === 'sudo' || c.wrappers.includes('sudo'))),
  },
  {
    id: 'DL3003', aliases: ['DS-0013'], severity: 'warning',
    message: 'Use WORKDIR to switch to a directory.',
    hint: 'Replace `cd dir && …` with `WORKDIR /abs/dir` (or a subshell when truly temporary).',
    check: perRun((r) => commands(r, 'cd').length > 0),
  },
  {
    id: 'DL3001', aliases: [], severity: 'info',
    message: 'For some bash commands it makes no sense running them in a Docker container.',
    hint: 'Remove interactive/system commands (ssh, vim, service, ps, top, kill, mount…) from RUN.',
    check: perRun((r) => {
      const found = r.parsed.commands.find((c) => AVOID.includes(c.name));
      return found ? `Command "${found.name}" makes no sense in a Docker build.` : false;
    }),
  },
  {
    id: 'DL4005', aliases: [], severity: 'warning',
    message: 'Use SHELL to change the default shell.',
    hint: 'Write `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` instead of linking /bin/sh.',
    check: perRun((r) => commands(r, 'ln').some((c) => c.args.includes('/bin/sh'))),
  },
  {
    id: 'DL4006', aliases: [], severity: 'warning',
    message: 'Set the SHELL option -o pipefail before RUN with a pipe in it.',
    hint: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this RUN (or `set -o pipefail &&` on ash; Debian\'s dash has no pipefail).',
    check: perRun((r) => {
      if (r.exec || !r.parsed.hasPipe || pipefailInShell(r.shell)) return false;
      if (!POSIX_SHELLS.test(r.shell[0] ?? '')) return false;
      return !/\bset\s+(-[a-z]*o\s+pipefail|-o\s+pipefail)/.test(r.script);
    }),
  },
  {
    id: 'DL3046', aliases: [], severity: 'warning',
    message: '`useradd` without flag `-l` and high UID will result in an excessively large image.',
    hint: 'Add `-l` (`--no-log-init`) to useradd, or use a UID below 100000.',
    check: perRun((r) => commands(r, 'useradd').some((c) => {
      if (hasFlag(c.args, ['--no-log-init'], 'l')) return false;
      const k = c.args.findIndex((a) => a === '-u' || a === '--uid');
      const uid = k >= 0 ? c.args[k + 1] : c.args.find((a) => a.startsWith('--uid='))?.slice(6);
      return uid !== undefined && /^\d{6,}$/.test(uid);
    })),
  },
  {
    id: 'DL3047', aliases: [], severity: 'info',
    message: 'Avoid use of wget without progress bar.',
    hint: 'Use `wget --progress=dot:giga <url>` or `wget -q`.',
    check: perRun((r) => commands(r, 'wget').some((c) => !wgetQuiet(c))),
  },
  {
    id: 'DL4001', aliases: ['DS-0014'], severity: 'warning',
    message: 'Either use wget or curl, but not both.',
    hint: 'Pick one download tool for the whole Dockerfile.',
    check: (m) => {
      const firstCurl = m.runs.findIndex((r) => usesTool(r, 'curl'));
      const firstWget = m.runs.findIndex((r) => usesTool(r, 'wget'));
      if (firstCurl < 0 || firstWget < 0) return [];
      const r = m.runs[Math.max(firstCurl, firstWget)];
      if (!r) return [];
      const s = r.run.getRange().start;
      return [{ line: s.line, column: s.character }];
    },
  },
];
