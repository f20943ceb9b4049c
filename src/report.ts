import { CliError, EXIT } from './errors.js';
import type { Detection, Io, Plan, Project, ResolvedOptions, StackId, WriteResult } from './types.js';
import type { FoundService } from './services/types.js';
import type { Workspace } from './workspaces/types.js';
import type { ComposeOutput } from './render/compose.js';
import { VERSION } from './version.js';
import { unifiedDiff, type PendingFile } from './write.js';
import { colorDiff, summaryRow, wantsColor } from './diff-view.js';

/** What a run had found when it ended: shown by `--json` when it ends in an error. */
export interface Seen {
  detection: Readonly<Record<string, unknown>> | null;
  /** A document is already out (a --verify that fails after it): one run, one document. */
  printed: boolean;
  /** The monorepo found at the root, until a member is chosen. */
  workspace: { workspace: Workspace; project: Project } | null;
}

/** The --json document of a run that ended in an error: same shape, `error` filled in. */
export function printJsonError(io: Io, error: unknown, detection: Seen['detection']): void {
  const known = error instanceof CliError;
  const doc = {
    version: VERSION,
    error: {
      code: known ? error.code : 'E_UNEXPECTED',
      message: error instanceof Error ? error.message : String(error),
      flag: known ? error.flag : null,
      exit: known ? error.exit : EXIT.unexpected,
    },
    detection,
  };
  io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

export function printJson(io: Io, r: { stack: StackId; detection: Detection<unknown>; options: ResolvedOptions; results: readonly WriteResult[]; services: readonly FoundService[]; warnings: readonly string[] }): void {
  const doc = {
    version: VERSION,
    error: null,
    detection: {
      stack: r.stack,
      packageManager: r.options.packageManager,
      languageVersion: r.options.languageVersion,
      framework: r.detection.values.framework,
      startCommand: r.options.startCommand,
      port: r.options.port,
      evidence: r.detection.evidence,
    },
    choices: r.options.choices,
    services: r.services.map((s) => ({ id: s.id, evidence: s.evidence })),
    warnings: r.warnings,
    files: r.results.map((f) => ({ path: f.path, status: f.status, contents: f.contents })),
  };
  io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * `--dry-run`: a summary row per file (status, path, size); the full diffs with `--diff`, coloured on
 * a terminal that wants colour. A file that would be left alone says so rather than "conflict".
 */
export async function printDryRun(io: Io, pending: readonly PendingFile[], results: readonly WriteResult[], notes: readonly string[], full: boolean): Promise<void> {
  const color = wantsColor(io);
  for (const [i, p] of pending.entries()) {
    const r = results[i] as WriteResult;
    const diff = p.state === 'differs' || (full && p.state === 'create') ? await unifiedDiff(p) : null;
    const status = r.status === 'conflict' ? 'differs' : r.status;
    io.stdout.write(`${summaryRow(status, p, p.state === 'differs' ? diff : null)}\n`);
    if (full && diff !== null) io.stdout.write(`${color ? colorDiff(diff) : diff}\n`);
  }
  for (const n of notes) io.stdout.write(`note: ${n}\n`);
  const differs = pending.some((p) => p.state === 'differs');
  const more = full ? '' : differs ? ' See the changes line by line: add --diff.' : ' See the files in full: add --diff.';
  io.stdout.write(`Dry run: nothing was written.${more}\n`);
}

export function printSummary(io: Io, results: readonly WriteResult[], closing: string): void {
  for (const r of results) io.stdout.write(`${r.status.padEnd(9)} ${r.path}\n`);
  io.stdout.write(`\n${closing}\n`);
}

/** Where the run stands for the closing text: the repo root against where the user is. */
export interface Place {
  /** The command to run from where the user is to get to the repo root (`cd ..`), or null when there. */
  readonly cd: string | null;
  /** The command line prefix that re-runs on the same folder (`npx create-dockerfile apps/web`). */
  readonly again: string;
}

/** After exit 4 only how to resolve the conflicts: the next steps would build files not written. */
export function conflictMessage(results: readonly WriteResult[], place: Place, notes: readonly string[]): string {
  const left = results.filter((r) => r.status === 'conflict').map((r) => r.path);
  return [
    ...notes.map((n) => `note: ${n}`),
    `Not written: ${left.join(', ')} ${left.length === 1 ? 'differs' : 'differ'} from what would be generated (the files on disk were left alone).`,
    `  see the differences:           ${place.again} --diff`,
    `  keep yours, write the rest:    ${place.again} --yes --skip-existing`,
    `  overwrite with the generated:  ${place.again} --yes --force`,
  ].join('\n');
}

/** Variables compose requires (`${NAME:?message}` or `${NAME?message}`), which a .env must set. */
function requiredVariables(compose: string): string[] {
  return [...new Set([...compose.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1] as string))];
}

export function closingMessage(plan: Plan, notes: readonly string[], command: string | null, results: readonly WriteResult[], place: Place, compose: ComposeOutput['commands'] = null): string {
  const lines = notes.map((n) => `note: ${n}`);
  const dockerfile = plan.dockerfilePath ?? 'Dockerfile';
  const kept = results.find((r) => r.path === dockerfile && (r.status === 'skip' || r.status === 'conflict'));
  if (kept !== undefined) {
    lines.push(`Your ${dockerfile} was kept as it is; the next steps build it. Compare it with the generated one: ${place.again} --diff`);
  }
  lines.push('', 'Next steps:');
  if (place.cd !== null) lines.push(`  ${place.cd}`);
  // The build context is the repo root; a workspace member's Dockerfile is named with -f.
  lines.push(dockerfile === 'Dockerfile' ? '  docker build -t app .' : `  docker build -f ${dockerfile} -t app .`);
  const port = plan.image.port;
  if (port !== null) lines.push(`  docker run --rm -p ${port}:${port} app       # then open http://localhost:${port}`);
  else lines.push('  docker run --rm app');
  // The overlays name their base file (compose.yaml, or the repo's own docker-compose.yml).
  if (compose !== null && results.some((r) => r.path === 'compose.dev.yaml' && r.status !== 'skip' && r.status !== 'conflict')) {
    lines.push(`  ${compose.dev}  # development, syncs source changes${compose.secrets ? '; no .env needed' : ''}`);
    const required = requiredVariables(results.filter((r) => r.path.startsWith('compose')).map((r) => r.contents).join('\n'));
    if (compose.secrets && results.some((r) => r.path === '.env.example')) lines.push('  cp .env.example .env   # production: set the passwords in .env first (never committed)');
    else if (required.length > 0) lines.push(`  put ${required.map((v) => `${v}=…`).join(', ')} in .env   # production needs ${required.length === 1 ? 'it' : 'them'}; never commit .env`);
    lines.push(`  ${compose.prod}  # production settings`);
  }
  if (command !== null) lines.push('', 'To run this again without prompts:', `  ${command}`);
  return lines.join('\n');
}

/** Exit 3, saying what was looked for and how to choose a stack. */
export async function noStackError(project: Project, forced: StackId | null): Promise<CliError> {
  const entries = await project.list('.');
  const looked = 'package.json (Node.js, Next.js), go.mod / go.work / main.go (Go), pyproject.toml / requirements.txt / Pipfile / uv.lock / poetry.lock (Python), pom.xml / build.gradle(.kts) (Java)';
  const head = forced !== null
    ? `--stack ${forced} was given, but ${project.root} has no ${forced} project.`
    : entries.length === 0
      ? `${project.root} is empty: there is no app here to containerise.`
      : `No supported app found in ${project.root}.`;
  const below = forced === null ? await appsInSubfolders(project, entries) : [];
  const where = below.length === 0
    ? "Run create-dockerfile in the app's folder"
    : `Apps in sub-folders: ${below.map((a) => `${a.dir}/ (${a.marker})`).join(', ')}. Run create-dockerfile in one of them (create-dockerfile ${below[0]?.dir})`;
  return new CliError(`${head}\nLooked for: ${looked}.\n${where}, or pass --stack <nextjs|node|go|python|java> with --cmd to describe it.`, EXIT.noStack, 'E_NO_STACK');
}

/** Manifests that mark an app folder, in the order the stacks look for them. */
const APP_MARKERS = ['package.json', 'go.mod', 'pyproject.toml', 'requirements.txt', 'Pipfile', 'pom.xml', 'build.gradle', 'build.gradle.kts'];

/**
 * Top-level folders holding an app's manifest: a repo with backend/ and frontend/ (and no workspace
 * manifest at the root) has its apps one level down. Hidden folders and dependency folders are skipped.
 */
async function appsInSubfolders(project: Project, entries: readonly string[]): Promise<{ dir: string; marker: string }[]> {
  const found: { dir: string; marker: string }[] = [];
  for (const dir of entries.filter((e) => !e.startsWith('.') && e !== 'node_modules' && /^[\w.@+-]+$/.test(e)).slice(0, 200)) {
    for (const marker of APP_MARKERS) {
      if (await project.exists(`${dir}/${marker}`)) {
        found.push({ dir, marker });
        break;
      }
    }
    if (found.length === 6) break;
  }
  return found;
}

/** What compose.yaml will run next to the app, and why; production passwords come from .env, never the YAML. */
export function serviceNotes(services: readonly FoundService[], compose: ComposeOutput | null = null): string[] {
  if (services.length === 0 || compose?.files.some((f) => f.path === 'compose.yaml') === false) return [];
  const found = services.map((s) => `${s.id} (${s.evidence.file}: ${s.evidence.reason})`).join(', ');
  return [`compose.yaml runs ${found}; development uses marked development-only passwords, production needs them in .env (see .env.example); pass --no-services to leave them out.`];
}
