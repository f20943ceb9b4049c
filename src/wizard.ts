import type { Readable, Writable } from 'node:stream';
import * as p from '@clack/prompts';
import { cancelled } from './errors.js';
import { parsePort } from './flags.js';
import type { Answers, Questions } from './resolve.js';
import { splitCommand } from './shell-words.js';
import type { BaseId, Choice, WriteResult } from './types.js';
import type { PendingFile } from './write.js';

/** The only module that prompts. Streams are injected so tests drive it with mock input. */
export interface WizardStreams {
  readonly input: Readable;
  readonly output: Writable;
}

const BASE_HINTS: Record<BaseId, string> = {
  slim: 'Debian slim: glibc, a shell, small',
  alpine: 'musl, smallest with a shell',
  distroless: 'no shell or package manager: smallest attack surface',
  scratch: 'nothing but the binary',
};

function unwrap<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value) || typeof value === 'symbol') throw cancelled();
  return value as Exclude<T, symbol>;
}

export function createWizard(streams: WizardStreams) {
  const io = { input: streams.input, output: streams.output };
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
          message: choice.message,
          options: choice.options.map((o) => ({ value: o.value, label: o.label })),
          ...(choice.defaultValue === null ? {} : { initialValue: choice.defaultValue }),
        }),
      );
    },

    async ask(q: Questions): Promise<Answers> {
      const d = q.detection;
      intro();
      const found = [
        `stack: ${q.stack.label}${d.values.framework === null ? '' : ` (${d.values.framework})`}`,
        `package manager: ${d.values.packageManager ?? 'none'}`,
        `version: ${d.values.languageVersion ?? 'unknown'}`,
        `start: ${d.values.startCommand?.join(' ') ?? 'not found'}`,
        `port: ${d.values.port ?? 'none'}`,
        `services for compose: ${q.services.length === 0 ? 'none' : q.services.join(', ')}`,
      ];
      p.note(found.join('\n'), 'Detected', io);
      const answers: Answers = {};
      const choices: Record<string, string> = {};
      for (const choice of q.choices) {
        choices[choice.key] = unwrap(
          await p.select({
            ...io,
            message: choice.message,
            options: choice.options.map((o) => ({ value: o.value, label: o.label })),
            ...(choice.defaultValue === null ? {} : { initialValue: choice.defaultValue }),
          }),
        );
      }
      answers.choices = choices;
      if (q.askCmd) {
        const cmd = unwrap(await p.text({ ...io, message: `Start command (${q.stack.startHint})`, placeholder: 'node dist/server.js', validate: (v) => (splitCommand(v ?? '')?.length ? undefined : 'a plain command, e.g. node server.js') }));
        answers.cmd = splitCommand(cmd) ?? [];
      }
      if (q.askPort) {
        const port = unwrap(await p.text({ ...io, message: 'Port the app listens on', initialValue: String(q.port ?? ''), validate: (v) => { try { parsePort(v ?? ''); return undefined; } catch (e) { return (e as Error).message; } } }));
        answers.port = parsePort(port);
      }
      if (q.askBase) {
        answers.base = unwrap(await p.select<BaseId>({ ...io, message: 'Runtime base image', options: q.stack.bases.map((b) => ({ value: b, label: b, hint: BASE_HINTS[b] })), initialValue: q.stack.bases[0] as BaseId }));
      }
      return answers;
    },

    /**
     * Per differing file: overwrite, keep, or show the diff first. An upgrade (`why` says from
     * which version) shows its diff straight away: what changed is the question being asked.
     */
    async confirmOverwrite(file: PendingFile, diff: () => Promise<string>, why?: string): Promise<'overwrite' | 'skip'> {
      if (why !== undefined) p.note(await diff(), `${file.file.path}: ${why}`, io);
      for (;;) {
        const message = why === undefined ? `${file.file.path} exists and differs. Overwrite it?` : `Upgrade ${file.file.path} as shown?`;
        const choice = unwrap(await p.select({ ...io, message, options: [
          { value: 'overwrite', label: 'Overwrite' }, { value: 'skip', label: 'Keep mine' }, { value: 'diff', label: 'Show the diff' },
        ] }));
        if (choice !== 'diff') return choice as 'overwrite' | 'skip';
        p.note(await diff(), file.file.path, io);
      }
    },

    done(results: readonly WriteResult[], closing: string): void {
      p.outro(`${results.map((r) => `${r.status.padEnd(9)} ${r.path}`).join('\n')}\n\n${closing}`, io);
    },
  };
}
