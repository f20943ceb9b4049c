import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/**
 * A real terminal for the wizard: tmux runs the built CLI in a pane of a fixed size, send-keys
 * types, capture-pane reads the screen as plain text (NO_COLOR, and capture-pane without -e
 * drops any escape sequence left). Each terminal has its own tmux server (-L), so parallel test
 * files and other users of tmux on the machine never meet.
 */
export interface Terminal {
  /** Waits until the screen matches, then until it stops changing; returns it. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Keys as tmux names them: 'Enter', 'Down', 'C-c', or literal text. */
  keys(...keys: string[]): void;
  type(text: string): void;
  screen(): string;
  /** The whole scrollback, top to bottom. */
  history(): string;
  /** The screen with its colours, as escape sequences. */
  painted(): string;
  close(): void;
}

export const COLUMNS = 90;
export const ROWS = 60;

function tmux(socket: string, args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

const tidy = (text: string): string => text.split('\n').map((line) => line.trimEnd()).join('\n').replace(/\n+$/, '\n');

let count = 0;

/**
 * Starts `create-dockerfile <args>` in `cwd`; the pane stays after the exit and shows `[exit N]`.
 * `color`: a terminal that shows colour (no NO_COLOR), read with painted().
 */
export function openTerminal(cwd: string, args: readonly string[], size = { columns: COLUMNS, rows: ROWS }, color = false): Terminal {
  count += 1;
  const socket = `cdf-ux-${process.pid}-${count}`;
  const cli = [process.execPath, path.join(ROOT, 'dist/cli.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // CI would turn the wizard off; the terminal is what makes it run.
  const script = `cd '${cwd}' && env -u CI -u NO_COLOR -u FORCE_COLOR ${color ? '' : 'NO_COLOR=1 '}TERM=xterm-256color ${cli}; echo "[exit $?]"; sleep 600`;
  tmux(socket, ['new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), '-s', 'wizard', script]);
  const screen = (): string => tidy(tmux(socket, ['capture-pane', '-p', '-t', 'wizard']));
  return {
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      for (;;) {
        const now = screen();
        if (pattern.test(now) && now === last) return now;
        if (Date.now() > deadline) throw new Error(`The screen never showed ${pattern}:\n${now}`);
        last = now;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    keys: (...keys) => void tmux(socket, ['send-keys', '-t', 'wizard', ...keys]),
    type: (text) => void tmux(socket, ['send-keys', '-t', 'wizard', '-l', text]),
    screen,
    history: () => tidy(tmux(socket, ['capture-pane', '-p', '-t', 'wizard', '-S', '-'])),
    painted: () => tmux(socket, ['capture-pane', '-p', '-e', '-t', 'wizard', '-S', '-']),
    close: () => {
      try {
        tmux(socket, ['kill-server']);
      } catch {
        // already gone
      }
    },
  };
}

/** The screen with the run's temporary folder named the same way every time. */
export function stable(screen: string, dir: string): string {
  return screen.split(dir).join('<repo>');
}
