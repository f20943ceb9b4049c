import { safePath } from '../safe.js';

/** A COPY instruction as data: `templates/_partials/copy.hbs` writes it. */
export interface Copy {
  /** The stage it copies from; null for the build context. */
  readonly from: string | null;
  /** `user:group` owning the copied files, for folders the app writes at run time; null leaves them root's (read-only to the app). */
  readonly chown: string | null;
  readonly sources: readonly string[];
  readonly dest: string;
}

/** Sources and destination are paths the plan has already checked (safePath) or fixed ones. */
export function copy(sources: string | readonly string[], dest: string, options: { from?: string; chown?: string } = {}): Copy {
  return { from: options.from ?? null, chown: options.chown ?? null, sources: typeof sources === 'string' ? [sources] : sources, dest };
}

/** A repo folder copied to the same place under the working folder. */
export function dirCopy(dir: string): Copy {
  return copy(safePath(dir), `./${dir}`);
}
