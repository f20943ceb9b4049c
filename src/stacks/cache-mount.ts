/**
 * A BuildKit cache mount as data: `templates/_partials/cache-mount.hbs` writes the
 * `--mount=type=cache,...` flag, so the templates own the instruction syntax.
 */
export interface CacheMount {
  /**
   * The cache's name on the builder; null lets BuildKit name it by its target path, so every
   * build on that builder with the same target shares it.
   */
  readonly id: string | null;
  readonly target: string;
  /** `locked`: one build at a time writes it (tools that do not cope with concurrent writers). */
  readonly sharing: 'locked' | null;
}

/** Targets are fixed paths or paths the plan has already checked (safePath). */
export function cacheMount(target: string, options: { id?: string; sharing?: 'locked' } = {}): CacheMount {
  return { id: options.id ?? null, target, sharing: options.sharing ?? null };
}

/** A package name as a cache id: `@acme/Web` → `acme-web`; '' when nothing usable is left. */
function idWord(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/[^a-z0-9]+$/, '').slice(0, 60);
}

/**
 * A framework's build cache (Next.js's .next/cache, Angular's .angular/cache) belongs to one app:
 * its id names the tool and the app, so two apps built on one builder never read each other's
 * cache (without an id, BuildKit keys the cache by its target, which every Next.js app shares).
 * The app is its package name, else its folder in the repo; `app` when it has neither.
 */
export function appBuildCache(tool: string, app: readonly (string | null)[], target: string): CacheMount {
  const word = app.map((a) => (a === null ? '' : idWord(a))).find((w) => w !== '') ?? 'app';
  return cacheMount(target, { id: `${tool}-${word}` });
}
