import type { BaseId } from '../../types.js';
import { BASE_IMAGES, debianLine } from '../base-images.js';
import { apk, apt, aptCached, type OsPackages } from '../os-packages.js';
import { TINI } from '../shared.js';

/** Base images and the OS packages each runtime family installs, per base. */
export interface ImageFamily {
  readonly arg: { readonly name: string; readonly value: string };
  readonly build: string;
  readonly runtime: string;
  /** Extra ARG for the runtime tag (distroless names the Node major in the image name). */
  readonly runtimeArg: { readonly name: string; readonly value: string } | null;
  readonly user: string;
  /** `user:group` that owns what the app writes at run time (COPY --chown). */
  readonly owner: string;
  /** Absolute path of the JS runtime in the production image (distroless has no PATH lookup via shell). */
  readonly runtimeBin: string;
  readonly buildTools: OsPackages;
  /** Extra run-time packages (e.g. openssl for Prisma) for the production stage, or null. */
  readonly runtimePackages: (extra: readonly string[]) => OsPackages | null;
  /**
   * tini comes from its own stage as a static binary: the runtime gets one 1 MB file instead of a
   * package-manager layer, and shell-less images (distroless) can have it too.
   */
  readonly tini: { readonly install: OsPackages; readonly source: string; readonly path: string };
}

const DEBIAN_TINI = { install: apt(['tini']), source: '/usr/bin/tini-static', path: TINI };
const ALPINE_TINI = { install: apk(['tini-static']), source: '/sbin/tini-static', path: '/sbin/tini' };

export function nodeImages(base: BaseId, nodeVersion: string): ImageFamily {
  const major = nodeVersion.split('.')[0] as string;
  const arg = { name: 'NODE_VERSION', value: nodeVersion };
  if (base === 'alpine') {
    return {
      arg, build: BASE_IMAGES.nodeAlpine.reference, runtime: BASE_IMAGES.nodeAlpine.reference, runtimeArg: null, user: 'node', owner: 'node:node', runtimeBin: 'node',
      buildTools: apk(['python3', 'make', 'g++']),
      runtimePackages: (extra) => (extra.length === 0 ? null : apk(extra)),
      tini: ALPINE_TINI,
    };
  }
  // Node.js lines that ended before Debian 13 were only ever published on bookworm (slim and distroless).
  const trixie = debianLine('node', nodeVersion) === 'trixie';
  const slim = trixie ? BASE_IMAGES.nodeSlim.reference : BASE_IMAGES.nodeSlimBookworm.reference;
  if (base === 'distroless') {
    return {
      arg, build: slim, runtime: trixie ? BASE_IMAGES.nodeDistroless.reference : BASE_IMAGES.nodeDistrolessDebian12.reference,
      runtimeArg: { name: 'NODE_MAJOR', value: major }, user: 'nonroot:nonroot', owner: 'nonroot:nonroot', runtimeBin: '/nodejs/bin/node',
      buildTools: apt(['python3', 'make', 'g++']),
      runtimePackages: () => null,
      tini: DEBIAN_TINI,
    };
  }
  return {
    arg, build: slim, runtime: slim, runtimeArg: null, user: 'node', owner: 'node:node', runtimeBin: 'node',
    buildTools: apt(['python3', 'make', 'g++']),
    runtimePackages: (extra) => (extra.length === 0 ? null : aptCached(extra)),
    tini: DEBIAN_TINI,
  };
}

export function bunImages(base: BaseId, bunVersion: string): ImageFamily {
  const image = (base === 'alpine' ? BASE_IMAGES.bunAlpine : base === 'distroless' ? BASE_IMAGES.bunDistroless : BASE_IMAGES.bunSlim).reference;
  const build = base === 'alpine' ? image : BASE_IMAGES.bunSlim.reference;
  const alpine = base === 'alpine';
  return {
    arg: { name: 'BUN_VERSION', value: bunVersion }, build, runtime: image, runtimeArg: null,
    user: base === 'distroless' ? 'nonroot:nonroot' : 'bun', owner: base === 'distroless' ? 'nonroot:nonroot' : 'bun:bun', runtimeBin: base === 'distroless' ? '/usr/local/bin/bun' : 'bun',
    buildTools: alpine ? apk(['python3', 'make', 'g++']) : apt(['python3', 'make', 'g++']),
    runtimePackages: (extra) => (base === 'distroless' || extra.length === 0 ? null : alpine ? apk(extra) : aptCached(extra)),
    tini: alpine ? ALPINE_TINI : DEBIAN_TINI,
  };
}
