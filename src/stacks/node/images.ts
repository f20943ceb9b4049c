import type { BaseId } from '../../types.js';
import { TINI } from '../shared.js';

/** Base images and OS commands per runtime family; everything the template needs is a string here. */
export interface ImageFamily {
  readonly arg: { readonly name: string; readonly value: string };
  readonly build: string;
  readonly runtime: string;
  /** Extra ARG for the runtime tag (distroless names the Node major in the image name). */
  readonly runtimeArg: { readonly name: string; readonly value: string } | null;
  readonly user: string;
  /** Absolute path of the JS runtime in the production image (distroless has no PATH lookup via shell). */
  readonly runtimeBin: string;
  readonly buildTools: string | null;
  /** RUN that installs tini (and extra run-time packages) in the production stage, or null. */
  readonly runtimePackages: (extra: readonly string[]) => string | null;
  /** Where tini lives in the production image; distroless copies a static one from a build stage. */
  readonly tini: string;
  readonly tiniStage: boolean;
}

function apt(packages: readonly string[]): string {
  return `RUN apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
}

function apk(packages: readonly string[]): string {
  return `RUN apk add --no-cache ${packages.join(' ')}`;
}

export function nodeImages(base: BaseId, nodeVersion: string): ImageFamily {
  const major = nodeVersion.split('.')[0] as string;
  const arg = { name: 'NODE_VERSION', value: nodeVersion };
  if (base === 'alpine') {
    return {
      arg, build: 'node:${NODE_VERSION}-alpine', runtime: 'node:${NODE_VERSION}-alpine', runtimeArg: null, user: 'node', runtimeBin: 'node',
      buildTools: apk(['python3', 'make', 'g++']),
      runtimePackages: (extra) => apk(['tini', ...extra]),
      tini: '/sbin/tini', tiniStage: false,
    };
  }
  const slim = 'node:${NODE_VERSION}-bookworm-slim';
  if (base === 'distroless') {
    return {
      arg, build: slim, runtime: 'gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot',
      runtimeArg: { name: 'NODE_MAJOR', value: major }, user: 'nonroot:nonroot', runtimeBin: '/nodejs/bin/node',
      buildTools: apt(['python3', 'make', 'g++']),
      runtimePackages: () => null,
      tini: '/tini', tiniStage: true,
    };
  }
  return {
    arg, build: slim, runtime: slim, runtimeArg: null, user: 'node', runtimeBin: 'node',
    buildTools: apt(['python3', 'make', 'g++']),
    runtimePackages: (extra) => apt(['tini', ...extra]),
    tini: TINI, tiniStage: false,
  };
}

export function bunImages(base: BaseId, bunVersion: string): ImageFamily {
  const tag = base === 'alpine' ? 'alpine' : base === 'distroless' ? 'distroless' : 'slim';
  const image = `oven/bun:\${BUN_VERSION}-${tag}`;
  const build = base === 'alpine' ? image : 'oven/bun:${BUN_VERSION}-slim';
  const alpine = base === 'alpine';
  return {
    arg: { name: 'BUN_VERSION', value: bunVersion }, build, runtime: image, runtimeArg: null,
    user: base === 'distroless' ? 'nonroot:nonroot' : 'bun', runtimeBin: base === 'distroless' ? '/usr/local/bin/bun' : 'bun',
    buildTools: alpine ? apk(['python3', 'make', 'g++']) : apt(['python3', 'make', 'g++']),
    runtimePackages: (extra) => (base === 'distroless' ? null : alpine ? apk(['tini', ...extra]) : apt(['tini', ...extra])),
    tini: alpine ? '/sbin/tini' : base === 'distroless' ? '/tini' : TINI, tiniStage: base === 'distroless',
  };
}
