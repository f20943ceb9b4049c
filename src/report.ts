import { CliError, EXIT } from './errors.js';
import type { Detection, Io, Plan, Project, ResolvedOptions, StackId, WriteResult } from './types.js';
import type { FoundService } from './services/types.js';
import type { ComposeOutput } from './render/compose.js';
import { VERSION } from './version.js';
import { unifiedDiff, type PendingFile } from './write.js';

/** What a run had found when it ended: shown by `--json` when it ends in an error. */
export interface Seen {
  detection: Readonly<Record<string, unknown>> | null;
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

export async function printDryRun(io: Io, pending: readonly PendingFile[], results: readonly WriteResult[], notes: readonly string[]): Promise<void> {
  for (const [i, p] of pending.entries()) {
    const r = results[i] as WriteResult;
    io.stdout.write(`${r.status.padEnd(9)} ${r.path}\n`);
    if (p.state === 'differs' || p.state === 'create') io.stdout.write(`${await unifiedDiff(p)}\n`);
  }
  for (const n of notes) io.stdout.write(`note: ${n}\n`);
  io.stdout.write('Dry run: nothing was written.\n');
}

export function printSummary(io: Io, results: readonly WriteResult[], closing: string): void {
  for (const r of results) io.stdout.write(`${r.status.padEnd(9)} ${r.path}\n`);
  io.stdout.write(`\n${closing}\n`);
}

export function closingMessage(plan: Plan, notes: readonly string[], command: string | null, results: readonly WriteResult[], compose: ComposeOutput['commands'] = null): string {
  const lines = notes.map((n) => `note: ${n}`);
  lines.push('', 'Next steps:', '  docker build -t app .');
  if (plan.image.port !== null) lines.push(`  docker run --rm -p ${plan.image.port}:${plan.image.port} app`);
  // The overlays name their base file (compose.yaml, or the repo's own docker-compose.yml).
  if (compose !== null && results.some((r) => r.path === 'compose.dev.yaml')) {
    lines.push(`  ${compose.dev}  # development, syncs source changes${compose.secrets ? '; no .env needed' : ''}`);
    lines.push(`  ${compose.prod}  # production settings${compose.secrets ? '; needs the passwords in .env' : ''}`);
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
  return new CliError(`${head}\nLooked for: ${looked}.\nRun create-dockerfile in the app's folder, or pass --stack <nextjs|node|go|python|java> with --cmd to describe it.`, EXIT.noStack, 'E_NO_STACK');
}

/** What compose.yaml will run next to the app, and why; production passwords come from .env, never the YAML. */
export function serviceNotes(services: readonly FoundService[], compose: ComposeOutput | null = null): string[] {
  if (services.length === 0 || compose?.files.some((f) => f.path === 'compose.yaml') === false) return [];
  const found = services.map((s) => `${s.id} (${s.evidence.file}: ${s.evidence.reason})`).join(', ');
  return [`compose.yaml runs ${found}; development uses marked development-only passwords, production needs them in .env (see .env.example); pass --no-services to leave them out.`];
}
