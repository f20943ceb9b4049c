/** Why a verification stopped: a sentence saying which check failed, and what to look at. */
export class VerifyFailure extends Error {
  constructor(
    message: string,
    /** Evidence printed under the message: the failing build step's output, the app's logs… */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'VerifyFailure';
  }
}

/** Ctrl-C (or SIGTERM) arrived: stop, clean up, exit 130. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

export interface Measurements {
  readonly engine: string;
  readonly image: string;
  readonly buildSeconds: number;
  readonly sizeBytes: number;
  readonly uid: number;
  readonly user: string;
  /** Null for an app without a port (then it only has to keep running). */
  readonly answer: { readonly ms: number; readonly status: number; readonly port: number } | null;
  /** Null when the image has no HEALTHCHECK. */
  readonly healthyMs: number | null;
  readonly strippedSyntax: boolean;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The success report: one labelled line per measurement, easy to read and to grep. */
export function formatReport(m: Measurements): string {
  const lines = [
    `Verified: the image builds, starts, ${m.answer === null ? 'keeps running' : 'answers'} and runs as a non-root user.`,
    `  build time:   ${m.buildSeconds.toFixed(1)} s`,
    `  image size:   ${(m.sizeBytes / 1e6).toFixed(1)} MB`,
    `  runs as uid:  ${m.uid}${m.user === '' ? '' : ` (USER ${m.user})`}`,
  ];
  if (m.answer !== null) lines.push(`  answered in:  ${seconds(m.answer.ms)} (HTTP ${m.answer.status} on container port ${m.answer.port})`);
  else lines.push('  answered in:  - (no port: checked that it keeps running)');
  if (m.healthyMs !== null) lines.push(`  healthy in:   ${seconds(m.healthyMs)}`);
  lines.push(`  engine:       Docker ${m.engine}${m.strippedSyntax ? ' (built without the `# syntax=` line: CREATE_DOCKERFILE_VERIFY_STRIP_SYNTAX)' : ''}`);
  lines.push(`Removed the test container and image ${m.image}; the build cache stays, so your next \`docker build\` reuses it.`);
  return `${lines.join('\n')}\n`;
}

/** Quoted output from a build or an app: control characters made visible (no terminal escapes). */
export function quoteLines(lines: readonly string[]): string[] {
  return lines.map((line) => `  | ${line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`);
}

export function formatFailure(failure: VerifyFailure): string {
  return `verify failed: ${failure.message}\n${failure.details.map((d) => `${d}\n`).join('')}`;
}
