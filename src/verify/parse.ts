/**
 * Pure readers of docker CLI output. Kept apart from the code that runs docker so each format
 * (port, top, inspect, BuildKit's plain progress) is unit-tested without an engine.
 */

/** `docker port <c> 3000/tcp` → the host port bound on 127.0.0.1, or null when none is. */
export function parseHostPort(output: string): number | null {
  for (const line of output.split('\n')) {
    // Either `127.0.0.1:32768` (one port asked) or `3000/tcp -> 127.0.0.1:32768` (all ports).
    const match = /(?:^|-> )127\.0\.0\.1:(\d+)\s*$/.exec(line.trim());
    if (match !== null) return Number(match[1]);
  }
  return null;
}

/** `docker top <c> -o pid,uid` → uids of the container's processes, main process first. */
export function parseTopUids(output: string): number[] {
  const [header, ...rows] = output.trim().split('\n');
  const columns = (header ?? '').trim().split(/\s+/);
  const uidColumn = columns.indexOf('UID');
  if (uidColumn < 0) return [];
  const uids: number[] = [];
  for (const row of rows) {
    const value = row.trim().split(/\s+/)[uidColumn];
    if (value !== undefined && /^\d+$/.test(value)) uids.push(Number(value));
  }
  return uids;
}

export interface ContainerState {
  readonly status: string;
  readonly exitCode: number;
  /** `starting`, `healthy` or `unhealthy`; null when the image has no HEALTHCHECK. */
  readonly health: string | null;
  /** Output of the last health probe (what an unhealthy app said). */
  readonly lastProbe: string | null;
}

/** `docker inspect -f '{{json .State}}' <c>`. */
export function parseContainerState(json: string): ContainerState {
  const state = JSON.parse(json) as { Status?: string; ExitCode?: number; Health?: { Status?: string; Log?: { Output?: string }[] } | null };
  const log = state.Health?.Log ?? [];
  const last = log[log.length - 1]?.Output?.trim();
  return {
    status: state.Status ?? 'unknown',
    exitCode: state.ExitCode ?? 0,
    health: state.Health?.Status ?? null,
    lastProbe: last === undefined || last === '' ? null : last,
  };
}

export interface ImageFacts {
  readonly sizeBytes: number;
  /** False for no HEALTHCHECK and for `HEALTHCHECK NONE`. */
  readonly hasHealthcheck: boolean;
  /** The image's USER ('' when none, i.e. root). */
  readonly user: string;
  /** Container ports from EXPOSE, tcp only. */
  readonly exposedPorts: number[];
}

/** `docker image inspect -f '{{json .}}' <image>`. */
export function parseImageFacts(json: string): ImageFacts {
  const image = JSON.parse(json) as { Size?: number; Config?: { Healthcheck?: { Test?: string[] } | null; User?: string; ExposedPorts?: Record<string, unknown> | null } };
  const test = image.Config?.Healthcheck?.Test ?? [];
  const exposed = Object.keys(image.Config?.ExposedPorts ?? {});
  return {
    sizeBytes: image.Size ?? 0,
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    user: image.Config?.User ?? '',
    exposedPorts: exposed.filter((p) => p.endsWith('/tcp')).map((p) => Number.parseInt(p, 10)),
  };
}

/** A USER that means root: none at all, `root` or uid 0 (optionally with a group). */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === '' || name === 'root' || name === '0';
}

/**
 * Why the running container counts as root, or null when it does not. `docker top` shows host
 * uids, which differ from the container's under rootless Docker or user namespaces (there a
 * root process shows as the user's uid), so the image's USER is checked too.
 */
export function rootProblem(uids: readonly number[], user: string): string | null {
  const shown = `uid ${uids[0] ?? '?'}, USER ${user === '' ? 'not set' : user}`;
  if (uids.length === 0) return `could not tell which user the container runs as (${shown})`;
  if (uids.includes(0) || isRootUser(user)) return `the container runs as root (${shown}): the production stage needs a non-root USER`;
  return null;
}

export interface BuildFailure {
  /** BuildKit's step name, e.g. `[prod-deps 1/1] RUN npm ci --omit=dev`; null when the build failed before any step. */
  readonly step: string | null;
  /** Line of the Dockerfile BuildKit points at, as numbered in the file it read. */
  readonly line: number | null;
  /** BuildKit's final `ERROR: …` line. */
  readonly error: string | null;
  /** What the failing step printed (timestamps removed; may be empty); the whole log's tail when no step is known. */
  readonly output: string[];
}

const STEP_LINE = /^#(\d+) (.*)$/;
const TIMED_OUTPUT = /^\d+(?:\.\d+)? (.*)$/;

/** Reads the failing step out of `docker build --progress=plain` output. */
export function parseBuildFailure(log: string): BuildFailure {
  const lines = log.replace(/\r/g, '').split('\n');
  const names = new Map<string, string>();
  const outputs = new Map<string, string[]>();
  let failed: string | null = null;
  for (const line of lines) {
    const match = STEP_LINE.exec(line);
    if (match === null) continue;
    const [, id, rest] = match as unknown as [string, string, string];
    if (!names.has(id)) names.set(id, rest);
    else if (rest.startsWith('ERROR: ')) failed ??= id;
    else {
      const timed = TIMED_OUTPUT.exec(rest);
      if (timed !== null) outputs.set(id, [...(outputs.get(id) ?? []), timed[1] as string]);
    }
  }
  const finalError = [...lines].reverse().find((l) => l.startsWith('ERROR: ')) ?? null;
  const where = /^(?:\S*\/)?[^/\s]+:(\d+)\n-{20}/m.exec(lines.join('\n'));
  const stepOutput = failed === null ? [] : [...(outputs.get(failed) ?? [])];
  const stepError = failed === null ? null : lines.find((l) => l.startsWith(`#${failed} ERROR: `))?.slice(`#${failed} `.length);
  // The step's own ERROR line usually repeats inside BuildKit's final one; keep it only when it adds something.
  if (stepError !== undefined && stepError !== null && !(finalError ?? '').includes(stepError.replace(/^ERROR: /, ''))) stepOutput.push(stepError);
  return {
    step: failed === null ? null : (names.get(failed)?.replace(/\s+/g, ' ') ?? null),
    line: where === null ? null : Number(where[1]),
    error: finalError,
    output: failed !== null ? stepOutput : lines.filter((l) => l.trim() !== '').slice(-30),
  };
}

/**
 * About 30 lines of a failing step: its first lines (where npm, pip and go put the cause) and its
 * last ones (where most tools put the error), with a marker for what was left out.
 */
export function excerpt(lines: readonly string[], head = 8, tail = 22): string[] {
  if (lines.length <= head + tail) return [...lines];
  return [...lines.slice(0, head), `… (${lines.length - head - tail} lines skipped)`, ...lines.slice(-tail)];
}

/** The `# syntax=` frontend could not be fetched (an offline engine), not a fault of the Dockerfile. */
export function isFrontendPullFailure(failure: BuildFailure): boolean {
  return /docker\/dockerfile/.test(`${failure.step ?? ''} ${failure.error ?? ''}`) && failure.line === 1;
}

/** A repo folder name → a valid image-name component (lowercase, [a-z0-9._-], starts alphanumeric). */
export function imageSlug(folder: string): string {
  const slug = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/[._-]+$/, '').slice(0, 40);
  return slug === '' ? 'app' : slug;
}
