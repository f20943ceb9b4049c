/**
 * A RUN that installs OS packages, as data: `templates/_partials/os-packages.hbs` writes the
 * instruction, so a team template can change how every stack installs packages in one place.
 */
export interface OsPackages {
  /** Alpine's apk; otherwise Debian's apt-get. */
  readonly apk: boolean;
  /**
   * apt's caches on BuildKit cache mounts instead of removing its lists: nothing of apt's own stays
   * in the layer, and a rebuild downloads nothing again.
   */
  readonly cacheMounts: boolean;
  readonly packages: readonly string[];
}

export function apt(packages: readonly string[]): OsPackages {
  return { apk: false, cacheMounts: false, packages };
}

export function aptCached(packages: readonly string[]): OsPackages {
  return { apk: false, cacheMounts: true, packages };
}

export function apk(packages: readonly string[]): OsPackages {
  return { apk: true, cacheMounts: false, packages };
}
