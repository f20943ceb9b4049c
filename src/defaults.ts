/**
 * Versions used when the repo names none. Pinned here, never read from the machine running the
 * tool, so the same repo gives the same files everywhere. Review on each release line change.
 */
export const DEFAULTS = {
  /** Node.js Active LTS (26 became Active LTS on 2026-10-28); the LTS majors still supported, newest first. */
  node: '26',
  nodeLtsMajors: [26, 24, 22] as const,
  /** Every Node major we can name in a resolved engines range, newest first. */
  nodeMajors: [26, 25, 24, 23, 22, 21, 20, 19, 18] as const,
  /** Node images from 25 on ship without corepack: pnpm/yarn come from `npm install -g` there. */
  nodeFirstWithoutCorepack: 25,
  /** Pinned package-manager versions when package.json#packageManager names none. */
  pnpm: '10',
  yarnBerry: '4',
  bun: '1',
  /** tini reaps zombies and forwards SIGTERM so `docker stop` is quick (node as PID 1 ignores it). */
  tiniPath: '/usr/bin/tini',
} as const;

export const GENERATOR = 'create-dockerfile';
