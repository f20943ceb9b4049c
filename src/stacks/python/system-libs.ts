import * as semver from 'semver';
import type { Evidence } from '../../types.js';
import { PILLOW_FIRST_WHEELS } from './defaults.js';
import type { Requirement } from './requirements.js';

/** Debian packages: headers and compilers for the build stage, shared libraries for the runtime. */
export interface SystemPackages {
  readonly build: readonly string[];
  readonly runtime: readonly string[];
}

const COMPILER = ['gcc', 'libc6-dev'];

interface Rule {
  readonly applies: (req: Requirement, python: string) => boolean;
  readonly build: readonly string[];
  readonly runtime: readonly string[];
  readonly why: string;
}

/** An exact `==X.Y[.Z]` pin older than the first Pillow with wheels for this Python builds from source. */
export function pillowNeedsSource(spec: string, python: string): boolean {
  const pinned = /^==\s*(\d+(?:\.\d+){0,2})$/.exec(spec.trim())?.[1];
  const minor = python.split('.').slice(0, 2).join('.');
  const first = PILLOW_FIRST_WHEELS[minor];
  if (pinned === undefined || first === undefined) return false;
  const version = semver.coerce(pinned);
  const wheels = semver.coerce(first);
  return version !== null && wheels !== null && semver.lt(version, wheels);
}

const RULES: Readonly<Record<string, Rule>> = {
  psycopg2: { applies: () => true, build: ['libpq-dev', ...COMPILER], runtime: ['libpq5'], why: 'psycopg2 compiles against libpq' },
  psycopg: {
    applies: (r) => !r.extras.includes('binary'),
    build: [],
    runtime: ['libpq5'],
    why: 'psycopg 3 without [binary] loads the system libpq',
  },
  mysqlclient: { applies: () => true, build: ['default-libmysqlclient-dev', 'pkg-config', ...COMPILER], runtime: ['libmariadb3'], why: 'mysqlclient compiles against the MariaDB client library' },
  // uWSGI is C and publishes only a source archive on PyPI: every install compiles it.
  uwsgi: { applies: () => true, build: COMPILER, runtime: [], why: 'uWSGI has no wheels: pip compiles it from source' },
  lxml: { applies: () => true, build: ['libxml2-dev', 'libxslt1-dev', ...COMPILER], runtime: ['libxml2', 'libxslt1.1'], why: 'lxml links libxml2 and libxslt when it builds from source' },
  pillow: {
    applies: (r, python) => pillowNeedsSource(r.spec, python),
    build: ['libjpeg62-turbo-dev', 'zlib1g-dev', 'libfreetype-dev', ...COMPILER],
    runtime: ['libjpeg62-turbo', 'zlib1g', 'libfreetype6'],
    why: 'this Pillow pin predates wheels for the chosen Python, so it builds from source',
  },
};

export function systemPackages(deps: readonly Requirement[], python: string, evidence: Evidence[], file: string): SystemPackages {
  const build = new Set<string>();
  const runtime = new Set<string>();
  for (const req of deps) {
    const rule = RULES[req.name];
    if (rule === undefined || !rule.applies(req, python)) continue;
    if (req.name === 'psycopg' && req.extras.includes('c')) ['libpq-dev', ...COMPILER].forEach((p) => build.add(p));
    rule.build.forEach((p) => build.add(p));
    rule.runtime.forEach((p) => runtime.add(p));
    evidence.push({ file, reason: `${req.name}: ${rule.why}` });
  }
  return { build: [...build].sort(), runtime: [...runtime].sort() };
}
