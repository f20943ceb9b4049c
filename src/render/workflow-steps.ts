import { uses, type ActionKey } from './workflow-actions.js';
import { workflowLiteral } from './compose-yaml.js';

/** Collects `uses:` refs that need a trailing release comment (pinned refs; not with --no-pin-actions). */
export interface StepFactory {
  step(name: string, key: ActionKey, inputs?: Record<string, string | boolean>, extra?: Record<string, unknown>): Record<string, unknown>;
  readonly comments: Map<string, string>;
}

export function stepFactory(pin: boolean): StepFactory {
  const comments = new Map<string, string>();
  return {
    comments,
    step(name, key, inputs, extra) {
      const { ref, comment } = uses(key, pin);
      if (comment !== null) comments.set(ref, comment);
      const step: Record<string, unknown> = { name, ...extra, uses: ref };
      if (inputs !== undefined && Object.keys(inputs).length > 0) step.with = inputs;
      return step;
    },
  };
}

/** A stage name from the plan, checked: it lands inside `with:` values. */
export function stage(name: string): string {
  if (!/^[A-Za-z][\w.-]*$/.test(workflowLiteral(name, 'the stage name'))) throw new Error(`bad stage name ${name}`);
  return name;
}

/**
 * BuildKit secret ids the Dockerfile mounts (`--mount=type=secret,id=npmrc`), each fed from a
 * repository secret of the same name in upper case. An unset repository secret gives an empty
 * file, which the Dockerfile's `required=false` mounts accept. Each entry is double-quoted, the
 * form Docker's documentation gives for multi-line values: the action reads the input as CSV, so
 * an unquoted `.npmrc` or `settings.xml` would be split into one broken entry per line.
 */
export function buildSecrets(dockerfile: string): string | null {
  const ids = new Set<string>();
  // Only mounts at the start of a RUN line or its continuation: never text inside a LABEL value.
  for (const m of dockerfile.matchAll(/^\s*(?:RUN\s+)?--mount=type=secret,id=([A-Za-z][\w.-]*)/gm)) if (m[1] !== undefined) ids.add(m[1]);
  if (ids.size === 0) return null;
  return [...ids].sort().map((id) => `"${id}=\${{ secrets.${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')} }}"`).join('\n');
}

/** Cache settings shared by every build: one scope per target so test and production do not evict each other. */
export function cache(scope: string, write: boolean): Record<string, string> {
  return write
    ? { 'cache-from': `type=gha,scope=${scope}`, 'cache-to': `type=gha,mode=max,scope=${scope}` }
    : { 'cache-from': `type=gha,scope=${scope}` };
}
