import type { Readable, Writable } from 'node:stream';
import * as p from '@clack/prompts';
import { cancelled } from './errors.js';
import { parsePort } from './flags.js';
import type { Answers, Questions } from './resolve.js';
import { splitCommand } from './shell-words.js';
import { FILE_KINDS, type BaseId, type Choice, type FileKind, type WriteResult } from './types.js';
import type { PendingFile } from './write.js';
import { detectedLines } from './detected-box.js';
import { colorDiff } from './diff-view.js';

/** The only module that prompts. Streams are injected so tests drive it with mock input. */
export interface WizardStreams {
  readonly input: Readable;
  readonly output: Writable;
  /** The terminal shows colour and NO_COLOR is not set (diff-view.ts decides). */
  readonly color?: boolean;
}

const BASE_HINTS: Record<BaseId, string> = {
  slim: 'Debian slim: glibc, a shell, small',
  alpine: 'musl, smallest with a shell',
  distroless: 'no shell or package manager: smallest attack surface',
  scratch: 'nothing but the binary',
};

/** The answer to "Files to write": each kind with the files it stands for (what --only names). */
const KIND_LABELS: Record<FileKind, readonly [string, string | undefined]> = {
  dockerfile: ['Dockerfile', undefined],
  dockerignore: ['.dockerignore', undefined],
  compose: ['compose files', 'compose.yaml, compose.dev.yaml, compose.prod.yaml'],
  workflow: ['GitHub Actions workflow', '.github/workflows/docker.yml'],
};

function unwrap<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value) || typeof value === 'symbol') throw cancelled();
  return value as Exclude<T, symbol>;
}

export type ConflictAnswer = 'overwrite' | 'skip' | 'overwrite-all' | 'skip-all';

type PromptIo = { readonly input: Readable; readonly output: Writable };

/**
 * Prompt text that wraps breaks clack's left border: a message wider than the terminal is shown
 * whole in a note (which wraps inside its box) and asked by its first part.
 */
function oneLine(message: string, io: PromptIo): string {
  const columns = (io.output as { columns?: number }).columns ?? 80;
  if (message.length + 6 <= columns) return message;
  p.note(message, 'The next question in full', io);
  const head = message.split(/\s[(:—]/)[0] ?? message;
  return head.length + 6 <= columns ? head : `${head.slice(0, Math.max(10, columns - 8))}…`;
}

/**
 * A diff for a note's box: tabs are drawn as wide as the terminal likes and break its border, so
 * they become spaces; removals red and additions green where the terminal shows colour.
 */
function boxedDiff(diff: string, color: boolean): string {
  const text = diff.replace(/\t/g, '    ').replace(/\n$/, '');
  return color ? colorDiff(text) : text;
}

/** Which side is which, in the title of every diff the wizard shows. */
const SIDES = '- on disk, + generated';

async function askCommand(q: Questions, io: PromptIo): Promise<readonly string[]> {
  const current = q.cmd === null ? '' : q.cmd.join(' ');
  if (current === '') p.note(q.stack.startHint, 'No start command found', io);
  const typed = unwrap(await p.text({
    ...io,
    message: 'Start command',
    placeholder: current === '' ? 'e.g. node dist/server.js' : current,
    ...(current === '' ? {} : { defaultValue: current }),
    validate: (v) => {
      const value = v ?? '';
      if (value === '' && current !== '') return undefined;
      return splitCommand(value)?.length ? undefined : 'The start command must be a plain command with its arguments, e.g. node server.js';
    },
  }));
  return splitCommand(typed === '' ? current : typed) ?? [];
}

/** The current port is the placeholder and the default: typing replaces it rather than appending. */
async function askPort(current: number | null, io: PromptIo): Promise<number | null> {
  const typed = unwrap(await p.text({
    ...io,
    message: 'Port the app listens on',
    placeholder: current === null ? 'none (not a web app)' : String(current),
    ...(current === null ? {} : { defaultValue: String(current) }),
    validate: (v) => {
      const value = (v ?? '').trim();
      if (value === '' || value === 'none') return undefined;
      try {
        parsePort(value, 'The port');
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  })).trim();
  if (typed === '') return current;
  return typed === 'none' ? null : parsePort(typed, 'The port');
}

export function createWizard(streams: WizardStreams) {
  const io = { input: streams.input, output: streams.output };
  const color = streams.color === true;
  let introShown = false;
  const intro = (): void => {
    if (!introShown) p.intro('create-dockerfile', io);
    introShown = true;
  };
  return {
    /** One question asked before detection (which workspace member to containerise). */
    async choose(choice: Choice): Promise<string> {
      intro();
      return unwrap(
        await p.select({
          ...io,
          message: oneLine(choice.message, io),
          options: choice.options.map((o) => ({ value: o.value, label: o.label })),
          ...(choice.defaultValue === null ? {} : { initialValue: choice.defaultValue }),
        }),
      );
    },

    async ask(q: Questions): Promise<Answers> {
      intro();
      if (q.existing.length > 0) {
        p.note(`${q.existing.join('\n')}\n\nYou choose what happens to each one that differs:\nnothing is overwritten without your yes.`, 'Already in the repo', io);
      }
      p.note(detectedLines(q).join('\n'), 'Detected (Enter keeps a value)', io);
      const answers: Answers = {};
      const choices: Record<string, string> = {};
      for (const choice of q.choices) {
        choices[choice.key] = unwrap(
          await p.select({
            ...io,
            message: oneLine(choice.message, io),
            options: choice.options.map((o) => ({ value: o.value, label: o.label })),
            ...(choice.defaultValue === null ? {} : { initialValue: choice.defaultValue }),
          }),
        );
      }
      answers.choices = choices;
      if (q.askCmd) answers.cmd = await askCommand(q, io);
      if (q.askPort) answers.port = await askPort(q.port, io);
      if (q.askBase) {
        answers.base = unwrap(await p.select<BaseId>({ ...io, message: 'Runtime base image', options: q.stack.bases.map((b) => ({ value: b, label: b, hint: BASE_HINTS[b] })), initialValue: q.base }));
      }
      if (q.askOnly) {
        answers.only = unwrap(await p.multiselect<FileKind>({ ...io, message: 'Files to write', options: FILE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k][0], ...(KIND_LABELS[k][1] === undefined ? {} : { hint: KIND_LABELS[k][1] }) })), initialValues: [...q.only], required: true }));
      }
      if (q.services.length > 0 && (answers.only ?? q.only).includes('compose')) {
        answers.services = unwrap(await p.multiselect({ ...io, message: 'Services to run next to the app in compose', options: q.services.map((s) => ({ value: s, label: s })), initialValues: [...q.chosenServices], required: false }));
      }
      return answers;
    },

    /**
     * Per differing file: keep it (the default: one Enter never destroys), show the diff, or
     * overwrite; with more files to come, the same answer for all of them. An upgrade (`why`
     * says from which version) shows its diff straight away: what changed is the question.
     */
    async confirmOverwrite(file: PendingFile, diff: () => Promise<string>, why: string | undefined, remaining: number): Promise<ConflictAnswer> {
      if (why !== undefined) p.note(boxedDiff(await diff(), color), `${file.file.path}: ${why} (${SIDES})`, io);
      const rest = remaining > 0 ? [
        { value: 'skip-all' as const, label: `Keep mine for this and the ${remaining} other differing file${remaining === 1 ? '' : 's'}` },
        { value: 'overwrite-all' as const, label: `Overwrite this and the ${remaining} other differing file${remaining === 1 ? '' : 's'}` },
      ] : [];
      for (;;) {
        const message = why === undefined ? `${file.file.path} exists and differs` : `Upgrade ${file.file.path} as shown?`;
        const choice = unwrap(await p.select<ConflictAnswer | 'diff'>({ ...io, message, initialValue: 'skip', options: [
          { value: 'skip', label: 'Keep mine', hint: 'leave the file as it is' }, { value: 'diff', label: 'Show the diff' }, { value: 'overwrite', label: 'Overwrite' }, ...rest,
        ] }));
        if (choice !== 'diff') return choice;
        p.note(boxedDiff(await diff(), color), `${file.file.path}: ${SIDES}`, io);
      }
    },

    done(results: readonly WriteResult[], closing: string): void {
      p.log.message(results.map((r) => `${r.status.padEnd(9)} ${r.path}`).join('\n'), io);
      const written = results.filter((r) => r.status === 'create' || r.status === 'overwrite').length;
      p.outro(`Done: ${written} file${written === 1 ? '' : 's'} written.`, io);
      // Plain text below the frame: commands copy as they are, without borders or wrapping.
      streams.output.write(`\n${closing}\n`);
    },
  };
}
