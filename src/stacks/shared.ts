import { DEFAULTS, GENERATOR } from '../defaults.js';
import { execForm, quoted } from '../safe.js';
import type { Evidence } from '../types.js';

export interface Label {
  readonly key: string;
  readonly value: string;
}

/** OCI labels from the manifest's own fields; every value is quoted and flattened to one line. */
export function ociLabels(fields: { title: string | null; description: string | null; version: string | null; source: string | null; licenses: string | null }): Label[] {
  const labels: Label[] = [];
  const add = (key: string, value: string | null): void => {
    if (value !== null && value.trim() !== '') labels.push({ key: `org.opencontainers.image.${key}`, value: quoted(value.trim().slice(0, 200)) });
  };
  add('title', fields.title);
  add('description', fields.description);
  add('version', fields.version);
  add('source', fields.source === null ? null : fields.source.replace(/^git\+/, '').replace(/\.git$/, ''));
  add('licenses', fields.licenses);
  return labels;
}

export interface HealthcheckPlan {
  /** The exec-form JSON array after CMD, or null for HEALTHCHECK NONE. */
  readonly exec: string | null;
  /** The same probe for compose (`["CMD", …]`). */
  readonly compose: readonly string[] | null;
}

/** A probe run by the app's own runtime (node/bun/python): slim and distroless images have no curl. */
export function runtimeProbe(words: readonly string[] | null): HealthcheckPlan {
  return words === null ? { exec: null, compose: null } : { exec: execForm(words), compose: ['CMD', ...words] };
}

export function nodeFetchProbe(runtime: string, port: number): string[] {
  return [runtime, '-e', `fetch('http://127.0.0.1:${port}/').then((r) => process.exit(r.status < 500 ? 0 : 1), () => process.exit(1))`];
}

/** `file` (the ` -f <path>` of the header's build commands) is filled in when the Dockerfile's path is known, at render time. */
export function header(stackLabel: string, version: string, details: string): { generator: string; version: string; stack: string; details: string; file: string } {
  return { generator: GENERATOR, version, stack: stackLabel, details, file: '' };
}

/** Common .dockerignore lines for every stack: VCS, secrets, editor and OS files, CI config. */
export const COMMON_IGNORE = [
  '# Version control and CI',
  '.git',
  '.github',
  '.gitlab-ci.yml',
  '',
  '# Secrets: never send them to the build',
  '.env',
  '.env.*',
  '!.env.example',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  '.netrc',
  '',
  '# Editors, OS files, logs',
  '.vscode',
  '.idea',
  '.DS_Store',
  '*.log',
  '',
  '# Docker files themselves (a change to them should not bust the build cache)',
  'Dockerfile*',
  '.dockerignore',
  'compose*.yaml',
  'docker-compose*.yml',
];

export function defaultEvidence(reason: string): Evidence {
  return { file: '(default)', reason };
}

export const TINI = DEFAULTS.tiniPath;

/** The first port a stack's patterns find plainly written in source (group 1), if it is a valid port. */
export function firstPort(text: string, patterns: readonly RegExp[]): number | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    const port = match === null ? NaN : Number(match[1]);
    if (port >= 1 && port <= 65535) return port;
  }
  return null;
}
