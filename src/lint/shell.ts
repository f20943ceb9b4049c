/**
 * A deliberately small POSIX-shell word splitter: enough to find the simple commands in a RUN
 * script (apt-get, pip, cd, …) without being fooled by quotes, comments, redirections or heredoc
 * bodies. Real shell bugs are shellcheck's job; this only feeds the rule modules.
 */

export interface ShellCommand {
  /** Command name after leading assignments and wrappers (sudo, env, exec, …) are removed. */
  name: string;
  args: string[];
  /** `NAME=value` words that prefix the command. */
  assignments: string[];
  /** Wrapper commands that were peeled off, e.g. `sudo`. */
  wrappers: string[];
}

export interface ParsedShell {
  commands: ShellCommand[];
  hasPipe: boolean;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', '(', ')']);
const TERMINATORS = new Set(['fi', 'done', 'esac', '}', ')']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time', 'nice']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Index just past the `)` that closes a `$(`/`(` opened before `start`. */
function skipBalanced(s: string, start: number, open: string, close: string): number {
  let depth = 1;
  let i = start;
  while (i < s.length && depth > 0) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === "'") i = s.indexOf("'", i + 1) < 0 ? s.length : s.indexOf("'", i + 1) + 1;
    else if (c === '"') i = skipDouble(s, i + 1);
    else {
      if (c === open) depth++;
      else if (c === close) depth--;
      i++;
    }
  }
  return i;
}

/** Index just past the closing `"` of a double-quoted string whose body starts at `start`. */
function skipDouble(s: string, start: number): number {
  let i = start;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\') i += 2;
    else if (s.startsWith('$(', i)) i = skipBalanced(s, i + 2, '(', ')');
    else i++;
  }
  return i + 1;
}

function unquoteDouble(body: string): string {
  return body.replace(/\\([$`"\\\n])/g, '$1');
}

function finishCommand(words: string[]): ShellCommand | null {
  let i = 0;
  while (i < words.length && KEYWORDS.has(words[i] ?? '')) i++;
  const assignments: string[] = [];
  while (i < words.length && ASSIGNMENT.test(words[i] ?? '')) assignments.push(words[i++] ?? '');
  const wrappers: string[] = [];
  while (i < words.length && WRAPPERS.has(words[i] ?? '')) {
    const wrapper = words[i++] ?? '';
    wrappers.push(wrapper);
    while (i < words.length && ((words[i] ?? '').startsWith('-') || (wrapper === 'env' && ASSIGNMENT.test(words[i] ?? '')))) {
      if (wrapper === 'env') assignments.push(words[i] ?? '');
      // sudo -u USER / nice -n N take a value
      const takesValue = (wrapper === 'sudo' && /^-[ugpCD]$/.test(words[i] ?? '')) || (wrapper === 'nice' && words[i] === '-n');
      i += takesValue ? 2 : 1;
    }
  }
  const rest = words.slice(i);
  const name = rest[0];
  if (name === undefined || TERMINATORS.has(name)) return null;
  return { name, args: rest.slice(1), assignments, wrappers };
}

export function parseShell(script: string): ParsedShell {
  const commands: ShellCommand[] = [];
  let hasPipe = false;
  let words: string[] = [];
  let cur: string | null = null;
  let skipNextWord = false;
  const pendingHeredocs: string[] = [];

  const endWord = (): void => {
    if (cur === null) return;
    if (skipNextWord) skipNextWord = false;
    else words.push(cur);
    cur = null;
  };
  const endCommand = (): void => {
    endWord();
    const cmd = finishCommand(words);
    if (cmd) commands.push(cmd);
    words = [];
  };

  let i = 0;
  while (i < script.length) {
    const c = script[i] ?? '';
    const next = script[i + 1] ?? '';
    if (c === '\\' && next === '\n') {
      i += 2;
    } else if (c === '\\') {
      cur = (cur ?? '') + next;
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\n') {
      endCommand();
      i++;
      // Heredoc bodies are data, not commands: skip to each delimiter line in turn.
      while (pendingHeredocs.length > 0) {
        const delim = pendingHeredocs.shift() ?? '';
        while (i < script.length) {
          const eol = script.indexOf('\n', i);
          const line = script.slice(i, eol < 0 ? script.length : eol);
          i = eol < 0 ? script.length : eol + 1;
          if (line.trim() === delim) break;
        }
      }
    } else if (c === '#' && cur === null) {
      const eol = script.indexOf('\n', i);
      i = eol < 0 ? script.length : eol;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? script.length : end;
      cur = (cur ?? '') + script.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      const end = skipDouble(script, i + 1);
      cur = (cur ?? '') + unquoteDouble(script.slice(i + 1, end - 1));
      i = end;
    } else if (c === '`') {
      const end = script.indexOf('`', i + 1);
      const stop = end < 0 ? script.length : end + 1;
      cur = (cur ?? '') + script.slice(i, stop);
      i = stop;
    } else if (c === '$' && (next === '(' || next === '{')) {
      const end = skipBalanced(script, i + 2, next, next === '(' ? ')' : '}');
      cur = (cur ?? '') + script.slice(i, end);
      i = end;
    } else if (c === '<' && next === '<' && script[i + 2] !== '<') {
      endWord();
      i += script[i + 2] === '-' ? 3 : 2;
      while (script[i] === ' ' || script[i] === '\t') i++;
      const m = /^(['"]?)([^\s'";&|<>()]+)\1/.exec(script.slice(i));
      if (m) {
        pendingHeredocs.push(m[2] ?? '');
        i += m[0].length;
      }
    } else if (c === '>' || c === '<' || (c === '&' && next === '>')) {
      // A redirection: a pure-digit word before it is an fd, the word after it a target.
      if (cur !== null && /^\d+$/.test(cur)) cur = null;
      endWord();
      i++;
      while (i < script.length && '<>&|'.includes(script[i] ?? '')) i++;
      if (/^\d/.test(script[i] ?? '') && script[i - 1] === '&') {
        while (/\d/.test(script[i] ?? '')) i++;
      } else {
        skipNextWord = true;
      }
    } else if (c === '|' || c === '&' || c === ';' || c === '(' || c === ')') {
      if (c === '|' && next !== '|') hasPipe = true;
      endCommand();
      i += (c === '|' || c === '&' || c === ';') && (next === c || (c === '|' && next === '&')) ? 2 : 1;
    } else {
      cur = (cur ?? '') + c;
      i++;
    }
  }
  endCommand();
  return { commands, hasPipe };
}

/** Words that are not flags, skipping the values of flags listed in `valueFlags`. */
export function positionals(args: string[], valueFlags: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('-')) {
      if (valueFlags.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** True when a flag is present, also inside a short-flag cluster such as `-yq`. */
export function hasFlag(args: string[], long: readonly string[], short = ''): boolean {
  return args.some(
    (a) =>
      long.some((l) => a === l || a.startsWith(`${l}=`)) ||
      // `-qO-`: only the leading letters are a flag cluster, the rest may be an attached value.
      (short !== '' && /^-[A-Za-z]/.test(a) && [...short].some((s) => (/^[A-Za-z]+/.exec(a.slice(1))?.[0] ?? '').includes(s))),
  );
}
