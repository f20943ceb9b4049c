import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, usageError, type ExitCode } from '../errors.js';
import { closest, flagError } from '../command-line.js';
import { checkRoot, createProject } from '../project.js';
import { readOwned, readSettings, renderSettings, SETTINGS_FILE } from '../settings.js';
import type { Io, Project } from '../types.js';
import { VERSION } from '../version.js';
import { apply, inspect, statuses } from '../write.js';
import { detectStack } from '../stacks/index.js';
import { listTemplates } from './builtin.js';
import { ejectedFiles, resolveNames, stackTemplates } from './eject.js';
import { DEFAULT_TEMPLATES_DIR, templatesDir } from './overrides.js';

const TEMPLATE_FLAGS = [{ name: 'templates', value: 'dir' }, { name: 'force' }, { name: 'dry-run' }, { name: 'all' }, { name: 'help' }];

const USAGE = `Usage: create-dockerfile templates eject [name…] [--all] [--templates <dir>] [--force] [--dry-run]
       create-dockerfile templates list [--templates <dir>]

eject copies built-in templates (those of the app detected here and the partials, the names
given, or all of them with --all) into the team's templates folder
(--templates, the remembered one, or ${DEFAULT_TEMPLATES_DIR}) and remembers that folder in ${SETTINGS_FILE}:
the next \`create-dockerfile\` run renders with them. Run it in the repo's root folder.
`;

/**
 * The names given; with none, the templates of the app detected here (a Go team gets no Java
 * templates to maintain), or every built-in with --all.
 */
async function namesToEject(names: readonly string[], all: boolean, project: Project): Promise<string[]> {
  if (names.length > 0 || all) return resolveNames(names);
  const found = await detectStack(project, null);
  if (found === null) throw usageError(`No app found in ${project.root} to pick the templates for: name the templates to eject (see \`create-dockerfile templates list\`), or pass --all.`);
  return stackTemplates(found.stack.id);
}

/** `create-dockerfile templates eject|list …`; cli.ts routes here. */
export async function runTemplates(argv: readonly string[], io: Io): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { templates: { type: 'string' }, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw usageError(`${flagError(error as Error, TEMPLATE_FLAGS).message}\n\n${USAGE}`);
  }
  const [command, ...names] = parsed.positionals;
  if (parsed.values.help === true) return void io.stdout.write(USAGE), EXIT.ok;
  if (command === undefined) throw usageError(`create-dockerfile templates needs a command: eject or list.\n\n${USAGE}`);
  if (command !== 'eject' && command !== 'list') {
    const guess = closest(command, ['eject', 'list']);
    throw usageError(`Unknown templates command "${command}".${guess === null ? '' : ` Did you mean ${guess}?`}\n\n${USAGE}`);
  }
  const root = resolve(io.cwd);
  await checkRoot(root);
  const project = await createProject(root);
  const remembered = await readSettings(project);
  const given = parsed.values.templates ?? (typeof remembered.templates === 'string' ? remembered.templates : DEFAULT_TEMPLATES_DIR);
  const dir = templatesDir(given);
  if (command === 'list') {
    for (const name of listTemplates()) {
      const overridden = await project.exists(`${dir}/${name}`);
      io.stdout.write(`${name}${overridden ? `  (overridden by ${dir}/${name})` : ''}\n`);
    }
    return EXIT.ok;
  }
  const files = ejectedFiles(await namesToEject(names, parsed.values.all === true, project), dir, VERSION);
  const settings = renderSettings({ ...remembered, templates: dir }, await readOwned(project));
  if (settings !== null) files.push(settings);
  const pending = await inspect(project.root, files);
  const results = statuses(pending, () => (parsed.values.force === true ? 'overwrite' : null));
  if (parsed.values['dry-run'] !== true) await apply(project.root, pending, results);
  for (const r of results) io.stdout.write(`${r.status.padEnd(9)} ${r.path}\n`);
  if (results.some((r) => r.status === 'conflict')) {
    io.stderr.write('Some templates exist and differ from the built-ins; they were left alone: pass --force to replace them.\n');
    return EXIT.conflicts;
  }
  io.stdout.write(`\nEdit the templates in ${dir}; delete the ones you keep unchanged (the built-ins then apply and keep improving).\n`);
  io.stdout.write('Next: `npx create-dockerfile` renders with them; in CI, `npx create-dockerfile --check` fails when the committed files drift.\n');
  return EXIT.ok;
}
