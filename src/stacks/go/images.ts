import type { BaseId } from '../../types.js';
import { BASE_IMAGES, debianLine } from '../base-images.js';
import { apk, type OsPackages } from '../os-packages.js';
import { GO_DEFAULTS } from './defaults.js';

export interface GoImages {
  readonly args: readonly { readonly name: string; readonly value: string }[];
  readonly builder: { readonly image: string; readonly crossCompile: boolean; readonly tools: OsPackages | null };
  readonly runtime: {
    readonly image: string;
    readonly description: string;
    readonly scratch: boolean;
    /** Alpine adds certificates, tzdata and the user with apk/adduser (the template has the RUN). */
    readonly alpine: boolean;
    readonly workdir: string | null;
    readonly user: string;
    readonly uid: number;
  };
  /** Extra `go build` flags: a static link for cgo on scratch. */
  readonly linkFlags: string;
  readonly tags: string | null;
}

const UID = GO_DEFAULTS.nonrootUid;
const USER = 'nonroot:nonroot';

/**
 * Builder and runtime images per base. Static binaries cross-compile on the build platform; cgo
 * binaries need the target's libc: glibc (Debian builder, distroless/base runtime of the same or a
 * newer Debian, so the glibc the binary links against is there), musl (Alpine
 * builder and runtime) or, on scratch, a fully static link with the pure-Go resolver and user lookup.
 */
export function goImages(base: BaseId, goVersion: string, cgo: boolean): GoImages {
  const args = [{ name: 'GO_VERSION', value: goVersion }];
  const debianBuilder = (debianLine('go', goVersion) === 'trixie' ? BASE_IMAGES.golang : BASE_IMAGES.golangBookworm).reference;
  const plain = { linkFlags: '-s -w', tags: null };
  if (base === 'alpine') {
    const alpineArgs = [...args, { name: 'ALPINE_VERSION', value: GO_DEFAULTS.alpine }];
    return {
      args: alpineArgs,
      builder: cgo
        ? { image: BASE_IMAGES.golangAlpine.reference, crossCompile: false, tools: apk(['gcc', 'musl-dev']) }
        : { image: debianBuilder, crossCompile: true, tools: null },
      runtime: { image: BASE_IMAGES.alpine.reference, description: 'Alpine with CA certificates, tzdata and a non-root user', scratch: false, alpine: true, workdir: '/home/nonroot', user: USER, uid: UID },
      ...plain,
    };
  }
  if (base === 'scratch') {
    return {
      args,
      builder: { image: debianBuilder, crossCompile: !cgo, tools: null },
      runtime: { image: BASE_IMAGES.scratch.reference, description: 'an empty image with only the binary and the files it needs', scratch: true, alpine: false, workdir: null, user: USER, uid: UID },
      linkFlags: cgo ? '-s -w -linkmode=external -extldflags=-static' : '-s -w',
      tags: cgo ? 'netgo,osusergo' : null,
    };
  }
  return {
    args,
    builder: { image: debianBuilder, crossCompile: !cgo, tools: null },
    runtime: {
      // A static binary needs no libc (distroless/static); cgo links glibc dynamically (distroless/base).
      image: cgo ? BASE_IMAGES.distrolessBase.reference : BASE_IMAGES.distrolessStatic.reference,
      description: cgo ? 'distroless/base (glibc for cgo), no shell, non-root' : 'distroless/static, no shell, non-root',
      scratch: false, alpine: false, workdir: null, user: USER, uid: UID,
    },
    ...plain,
  };
}
