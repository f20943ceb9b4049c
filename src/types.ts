/**
 * The contract between the stages of a run: detect → resolve → plan → render → write.
 * Every other module depends on this file; keep it free of logic.
 */

export type StackId = 'nextjs' | 'node' | 'go' | 'python' | 'java';
export const STACK_IDS: readonly StackId[] = ['nextjs', 'node', 'go', 'python', 'java'];

/** Runtime image family. Not every stack supports every base; a stack lists its own. */
export type BaseId = 'slim' | 'alpine' | 'distroless' | 'scratch';

/** The kinds of file the tool writes; `--only` takes these names. */
export type FileKind = 'dockerfile' | 'dockerignore' | 'compose' | 'workflow';
export const FILE_KINDS: readonly FileKind[] = ['dockerfile', 'dockerignore', 'compose', 'workflow'];

/**
 * Read-only view of the target repo. Detectors receive nothing else (no fs, no env, no prompts),
 * so their output cannot depend on the machine running the tool.
 * Paths are POSIX-style and relative to `root`; nothing outside `root` is ever read.
 */
export interface Project {
  readonly root: string;
  /** True for a regular file or folder inside the repo (symlinks leaving the repo count as absent). */
  exists(rel: string): Promise<boolean>;
  isDir(rel: string): Promise<boolean>;
  /** File text (BOM stripped, CRLF kept), or null when absent. Throws `CliError` for unreadable or oversized files. */
  readText(rel: string): Promise<string | null>;
  /** Parsed JSON or null when absent. Throws `CliError` naming the file when it does not parse. */
  readJson(rel: string): Promise<unknown>;
  /** Entries of one folder (names only), or [] when absent. Never recursive. */
  list(rel: string): Promise<string[]>;
  /**
   * Files matching fixed, shallow patterns. Never descends into dependency, VCS or build folders
   * (node_modules, .git, vendor, target, dist, .venv, .next…), whatever the pattern says.
   */
  glob(patterns: string | readonly string[], options?: { readonly deep?: number }): Promise<string[]>;
}

/** Why a decision was made: a file in the repo, or `(default)` for a documented default. */
export interface Evidence {
  readonly file: string;
  readonly reason: string;
}

/**
 * A question detection could not settle alone (several `cmd/*` mains, several Maven modules,
 * several workspace members). The wizard asks it; `--yes` takes `defaultValue` and says why;
 * with no default a non-interactive run exits 2 naming `flag`.
 */
export interface Choice {
  readonly key: string;
  readonly flag: string;
  readonly message: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly defaultValue: string | null;
  readonly defaultReason: string;
}

/** The values every stack reports, as shown by `--json` under `detection`. */
export interface DetectedValues {
  readonly packageManager: string | null;
  readonly languageVersion: string | null;
  readonly framework: string | null;
  /** Exec-form start command, or null when none could be found (then `--cmd` is needed). */
  readonly startCommand: readonly string[] | null;
  readonly port: number | null;
}

export interface Detection<F = unknown> {
  readonly stack: StackId;
  /** Stack-specific, JSON-serialisable facts; only that stack's `plan` reads them. */
  readonly facts: F;
  readonly values: DetectedValues;
  readonly evidence: readonly Evidence[];
  readonly choices: readonly Choice[];
  /** Non-fatal problems (an optional signal that failed to parse, no lockfile…). */
  readonly warnings: readonly string[];
  /**
   * Why no container can serve the app as it stands and what to change (SvelteKit on
   * adapter-auto): without `--cmd`, the run stops with it (exit 2).
   */
  readonly refusal?: string;
}

/** Options after flags, remembered options and wizard answers or defaults are merged. */
export interface ResolvedOptions {
  readonly port: number | null;
  readonly languageVersion: string;
  readonly packageManager: string | null;
  readonly startCommand: readonly string[];
  readonly base: BaseId;
  readonly healthcheck: boolean;
  /** Answers to the detection's `Choice`s, by key. */
  readonly choices: Readonly<Record<string, string>>;
  /** Extra switches for stacks (e.g. `jlink`), all false unless a flag set them. */
  readonly features: Readonly<Record<string, boolean>>;
}

/** Facts about the image that compose and the workflow need; every stack fills them in. */
export interface ImagePlan {
  /** Container port, or null for a non-web app (no EXPOSE, no healthcheck probe). */
  readonly port: number | null;
  /** Exec-form probe usable by compose `healthcheck.test` (`["CMD", …]`), or null when the image has none. */
  readonly healthcheck: readonly string[] | null;
  /** The non-root user the production stage runs as (`node`, `nonroot`, `10001`…). */
  readonly user: string;
  /** Writable paths a read-only root filesystem needs as tmpfs (e.g. `/tmp`, `/app/.next/cache`). */
  readonly tmpfs: readonly string[];
  /** Folders the app writes and keeps (SQLite, uploads): a read-only root needs a volume on each. */
  readonly volumes?: readonly string[];
  /** Named stages: production is the last stage; these exist for `--target`. */
  readonly targets: { readonly development: string; readonly test: string; readonly production: string };
  /** Source paths the dev overlay syncs, and files whose change needs a rebuild. */
  readonly watch: { readonly sync: readonly string[]; readonly rebuild: readonly string[]; readonly workdir: string };
  /** Environment variables the app reads for its port, shown in compose. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Where the development target's dev server listens when that differs from production (Vite on
   * 5173 while nginx serves on 8080), and the environment it needs for it. Absent: as production.
   */
  readonly dev?: { readonly port: number | null; readonly env: Readonly<Record<string, string>> };
}

/** The Dockerfile templates under templates/; a team's `--templates` folder overrides them by name. */
export type TemplateName = 'node/Dockerfile.hbs' | 'node/Dockerfile.workspace.hbs' | 'go/Dockerfile.hbs' | 'python/Dockerfile.hbs' | 'java/Dockerfile.hbs';

/** What every template's data holds: the fields of the header partial. */
export interface TemplateData {
  readonly header: { readonly generator: string; readonly version: string; readonly stack: string; readonly details: string; readonly file: string };
}

/**
 * Everything the renderers need, precomputed. Templates only do if/each/partials on `data`.
 * Each stack's plan() returns its own `Plan<template, data>`, declared next to it (GoPlan,
 * NodePlan…); compose and the workflow read only the fields outside `data`.
 */
export interface Plan<Template extends TemplateName = TemplateName, Data extends object = object> {
  readonly stack: StackId;
  /** Template path under templates/, e.g. `node/Dockerfile.hbs`. */
  readonly template: Template;
  /** The template's view: plain JSON, no optional keys (Handlebars runs in strict mode). */
  readonly data: Data;
  /** Lines of the .dockerignore, in order. */
  readonly ignore: readonly string[];
  readonly image: ImagePlan;
  /** Printed after writing (e.g. "add output: 'standalone' to next.config.js for a smaller image"). */
  readonly notes: readonly string[];
  /**
   * Where the Dockerfile goes, relative to the repo root, which is always the build context
   * (`apps/web/Dockerfile` for a workspace member). Absent means `Dockerfile`.
   */
  readonly dockerfilePath?: string;
}

/** A plan whose data a Dockerfile template lays out. */
export type DockerfilePlan = Plan<TemplateName, TemplateData>;

export interface Stack<F = unknown> {
  readonly id: StackId;
  readonly label: string;
  /** Bases this stack can render; the first is the default. */
  readonly bases: readonly BaseId[];
  /** Cheap and read-only. Returns null when the stack does not apply. */
  detect(project: Project): Promise<Detection<F> | null>;
  /** Pure: no I/O, no prompts, no clock. Same input → same plan (snapshots assert this). */
  plan(detection: Detection<F>, options: ResolvedOptions): DockerfilePlan;
  /** Shown when no start command was found. */
  readonly startHint: string;
}

export interface RenderedFile {
  readonly path: string;
  readonly kind: FileKind | 'settings';
  readonly contents: string;
  /**
   * An addition to a file of the user's (`.env` appended to `.gitignore`): the contents are the
   * file as it is plus the addition, so it is written without asking.
   */
  readonly edit?: true;
}

export type WriteStatus = 'create' | 'identical' | 'overwrite' | 'skip' | 'conflict';

export interface WriteResult {
  readonly path: string;
  readonly status: WriteStatus;
  readonly contents: string;
}

/**
 * Where text goes: process.stdout or process.stderr in a run, a collecting stub in tests. The
 * wizard and spinners need the real stream, and isTTY says whether it is a terminal.
 */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The process as the run sees it; cli.ts builds it from `process`, tests build their own. */
export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: Output;
  readonly stderr: Output;
  /** True when stdin is a terminal (a person can answer prompts). */
  readonly isTTY: boolean;
}
