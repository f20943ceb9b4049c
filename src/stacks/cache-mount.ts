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
