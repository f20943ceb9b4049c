import { relative as relativePath, resolve as resolvePath } from 'node:path';
import { CliError, EXIT, type ExitCode } from './errors.js';
import { helpText, parseFlags, REMEMBERED, withRemembered, type Flags } from './flags.js';
import { checkRoot } from './project.js';
import { openTarget } from './workspaces/choose.js';
import { describeWorkspace } from './workspaces/describe.js';
import { checkFiles } from './templates/check.js';
import { detectMemberStack } from './workspaces/member.js';
import { renderFiles } from './render/index.js';
import { isInteractive, resolveOptions, type Answers, type Ask } from './resolve.js';
import { commandLine, quoteArg, readSettings, renderSettings, SETTINGS_FILE } from './settings.js';
import { detectStack } from './stacks/index.js';
import { FILE_KINDS, type Choice, type DetectedValues, type Io, type RenderedFile } from './types.js';
import { VERSION } from './version.js';
import { apply, inspect, statuses, unifiedDiff, type PendingFile } from './write.js';
import { checkCommandWord, inapplicableFlags } from './command-line.js';
import { askAboutConflicts, existingFiles, plannedPaths } from './conflicts.js';
import { closingMessage, conflictMessage, noStackError, printDryRun, printJson, printJsonError, printSummary, serviceNotes, type Place, type Seen } from './report.js';
import { extraRenderers } from './render/extras.js';
import { wantsColor } from './diff-view.js';
import { aboutPresentFiles } from './notes.js';
import { prepareTemplates } from './templates/index.js';
import { isOwned } from './templates/owned.js';
import { findUpgrades, upgradeNotes, upgradeReason } from './templates/upgrade.js';

/**
 * Remembered options: the flags given now, over those stored, plus wizard answers that differ from
 * what detection found (accepting a detected value pins nothing: a later run detects it again).
 */
function toRemember(flags: Flags, answers: Answers, found: { values: DetectedValues; services: readonly string[]; base: string | undefined }, remembered: Record<string, string | boolean>): Record<string, string | boolean> {
  const detected = found.values;
  const out: Record<string, string | boolean> = { ...remembered };
  // --only is usually a one-off ("just the Dockerfile this time"): remembered only when chosen in
  // the wizard or given with --remember-only, never picked up silently from one run's flags.
  for (const [k, v] of Object.entries(flags.given)) if (REMEMBERED.has(k) && (k !== 'only' || flags.given['remember-only'] === true)) out[k] = v;
  // The flag given now replaces the opposite one remembered.
  if (flags.given.services !== undefined) delete out['no-services'];
  if (flags.given['no-services'] === true) delete out.services;
  const keep = (key: string, answer: string, found: string | null): void => {
    if (answer !== found || key in out) out[key] = answer;
  };
  if (answers.port !== undefined) {
    if (answers.port === null) delete out.port;
    else keep('port', String(answers.port), detected.port === null ? null : String(detected.port));
  }
  if (answers.base !== undefined) keep('base', answers.base, found.base ?? null);
  if (answers.only !== undefined) {
    // All kinds is what a run writes with no --only: nothing to pin.
    if (answers.only.length === FILE_KINDS.length) delete out.only;
    else out.only = answers.only.join(',');
  }
  if (answers.services !== undefined) {
    delete out.services;
    delete out['no-services'];
    if (answers.services.length === 0) out['no-services'] = true;
    else if (answers.services.length < found.services.length) out.services = answers.services.join(',');
  }
  if (answers.cmd !== undefined) keep('cmd', answers.cmd.join(' '), detected.startCommand?.join(' ') ?? null);
  for (const [k, v] of Object.entries(answers.choices ?? {})) out[k] = v;
  return out;
}

/** The way back to the repo root from where the user is, and the command that re-runs on the same folder. */
function place(cwd: string, root: string, dir: string): Place {
  const back = relativePath(cwd, root);
  return { cd: back === '' ? null : `cd ${quoteArg(back)}`, again: dir === '.' ? 'npx create-dockerfile' : `npx create-dockerfile ${quoteArg(dir)}` };
}

/** At a monorepo root with no member chosen: the members and their stacks, so the error says what was found. */
async function workspaceDetection(seen: Seen): Promise<Seen['detection']> {
  if (seen.workspace === null) return null;
  try {
    return await describeWorkspace(seen.workspace.project, seen.workspace.workspace);
  } catch {
    return null;
  }
}

async function loadWizard(io: Io) {
  const { createWizard } = await import('./wizard.js');
  return createWizard({ input: io.stdin as NodeJS.ReadStream, output: io.stdout as NodeJS.WriteStream, color: wantsColor(io) });
}

/**
 * argv → detect → resolve → plan → render → write → report. Returns the exit code. With --json
 * every ending prints a JSON document, errors included (exit 2, 3…): what was found so far and
 * the error; cli.ts still says the error on stderr and exits.
 */
export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  const seen: Seen = { detection: null, printed: false, workspace: null };
  try {
    return await steps(argv, io, seen);
  } catch (error) {
    // Before parsing, or when parsing failed: the flag's spelling is all there is to go on.
    if (argv.includes('--json') && !seen.printed) printJsonError(io, error, seen.detection ?? (await workspaceDetection(seen)));
    throw error;
  }
}

async function steps(argv: readonly string[], io: Io, seen: Seen): Promise<ExitCode> {
  if (argv[0] !== undefined && !argv[0].startsWith('-')) checkCommandWord(io.cwd, argv[0]);
  const first = parseFlags(argv);
  if (first.help) return void io.stdout.write(helpText(VERSION)), EXIT.ok;
  if (first.version) return void io.stdout.write(`${VERSION}\n`), EXIT.ok;
  const start = resolvePath(io.cwd, first.dir);
  await checkRoot(start);
  const interactive = isInteractive(first, io);
  const wizard = interactive ? await loadWizard(io) : null;
  const ask: Ask = async (q) => (wizard === null ? {} : wizard.ask(q));
  const notes: string[] = [];
  // In a monorepo the context is the workspace root and the app one member (src/workspaces).
  const askChoice = async (choice: Choice): Promise<string | undefined> => (wizard === null ? undefined : wizard.choose(choice));
  const target = await openTarget(start, first.choices.workspace, interactive, askChoice, notes, (workspace, project) => (seen.workspace = { workspace, project }));
  const { root, project } = target;
  const remembered = await readSettings(target.appProject);
  // The command line is parsed once: util.parseArgs validates its whole option table per call.
  const flags = withRemembered(first, remembered);
  const found = target.workspace !== null && target.member !== null ? await detectMemberStack(project, target.workspace, target.member, flags.stack) : await detectStack(project, flags.stack);
  if (found === null) {
    seen.detection = { stack: null, evidence: [] };
    throw await noStackError(target.appProject, flags.stack);
  }
  const { stack, detection } = found;
  seen.detection = { stack: stack.id, ...detection.values, evidence: detection.evidence };
  const flagWarnings = inapplicableFlags(first.given, stack.id, stack.label);
  let extras = await extraRenderers(flags, target.appProject, project);
  // Before any question: a broken --templates folder fails fast.
  const templates = await prepareTemplates(project, target.appProject, flags.templates, VERSION);
  const services = extras.services.map((s) => s.id);
  const existing = interactive ? existingFiles(root, plannedPaths(target.member?.dir ?? null, flags.only ?? FILE_KINDS)) : [];
  const { options, answers } = await resolveOptions(stack, detection, flags, interactive, ask, notes, services, existing);
  // The files and services asked for (the wizard's answers, else the flags and remembered options).
  const only = answers.only ?? flags.only ?? FILE_KINDS;
  const keep = answers.services ?? flags.services ?? undefined;
  for (const id of answers.services === undefined && only.includes('compose') ? (flags.services ?? []) : []) {
    if (!services.includes(id)) notes.push(`services: ${id} is not among the services the app uses (${services.length === 0 ? 'none found' : services.join(', ')}), so compose does not run it.`);
  }
  if (only !== (flags.only ?? FILE_KINDS) || (keep !== undefined && services.some((id) => !keep.includes(id)))) {
    extras = await extraRenderers({ ...flags, only: only === FILE_KINDS ? null : only }, target.appProject, project, keep);
  }
  const plan = stack.plan(detection, options);
  const files: RenderedFile[] = renderFiles({ plan, version: VERSION, only, extras: extras.renderers, render: templates.render });
  const remember = toRemember(flags, answers, { values: detection.values, services, base: stack.bases[0] }, { ...remembered });
  if (target.member !== null) remember.workspace = target.member.dir;
  const settings = renderSettings(remember, templates.owned, await target.appProject.exists(SETTINGS_FILE));
  // A member's options live in its own folder, next to its Dockerfile: each app of a monorepo keeps its own.
  if (settings !== null) files.push(target.member === null ? settings : { ...settings, path: `${target.member.dir}/${settings.path}` });
  if (flags.check) return checkFiles(root, files, io, templates.owned, VERSION);

  const pending = await inspect(root, files);
  const owned = (p: PendingFile): boolean => isOwned(p.file.path, p.existing, templates.owned);
  const upgrades = findUpgrades(pending, VERSION, templates.owned);
  const asking = !flags.dryRun && wizard !== null && !flags.force && !flags.skipExisting;
  // The options file records the answers just given: answering is the consent to write it. An edit
  // (`.env` appended to .gitignore) keeps all of the file as it was: written without asking too.
  const unasked = (p: PendingFile): boolean => p.file.edit === true || (wizard !== null && p.file.kind === 'settings');
  const differing = asking ? pending.filter((p) => p.state === 'differs' && !owned(p) && !unasked(p)) : [];
  const decisions = await askAboutConflicts(differing, (p, remaining) => (wizard as NonNullable<typeof wizard>).confirmOverwrite(p, () => unifiedDiff(p), upgradeReason(upgrades, p.file.path), remaining));
  const results = statuses(pending, (p) => (owned(p) ? 'skip' : unasked(p) && !(flags.skipExisting && p.file.edit !== true) ? 'overwrite' : flags.force ? 'overwrite' : flags.skipExisting ? 'skip' : (decisions.get(p) ?? null)));
  if (!flags.dryRun) await apply(root, pending, results);

  const compose = extras.compose();
  // Generated files this run does not write and the repo does not have: notes must not send the reader there.
  const absent = plannedPaths(target.member?.dir ?? null, FILE_KINDS).filter((path) => !files.some((f) => f.path === path) && existingFiles(root, [path]).length === 0);
  const allNotes = aboutPresentFiles([...flagWarnings, ...detection.warnings, ...notes, ...plan.notes, ...serviceNotes(extras.services, compose), ...(compose?.notes ?? []), ...templates.notes, ...upgradeNotes(upgrades, results)], absent);
  seen.printed = flags.json;
  if (flags.json) printJson(io, { stack: stack.id, detection, options, results, services: extras.services, warnings: [...flagWarnings, ...detection.warnings] });
  else if (flags.dryRun) await printDryRun(io, pending, results, allNotes, flags.diff);
  else if (results.some((r) => r.status === 'conflict')) {
    for (const r of results) io.stdout.write(`${r.status.padEnd(9)} ${r.path}\n`);
    io.stderr.write(`${conflictMessage(results, place(io.cwd, root, first.dir), upgradeNotes(upgrades, results))}\n`);
  }
  else {
    const closing = closingMessage(plan, allNotes, interactive ? commandLine(remember, first.dir) : null, results, place(io.cwd, root, first.dir), compose?.commands ?? null);
    if (wizard !== null) wizard.done(results, closing);
    else printSummary(io, results, closing);
  }
  if (results.some((r) => r.status === 'conflict')) return EXIT.conflicts;
  if (flags.verify && !flags.dryRun) {
    const { verify } = await import('./verify/index.js');
    return verify(root, plan, io, { json: flags.json });
  }
  return EXIT.ok;
}

export { CliError };
