import type { Flags } from '../flags.js';
import type { FileKind, Plan, Project, RenderedFile } from '../types.js';

/** Compose and workflow renderers; empty until those land. */
export async function extraRenderers(_flags: Flags, _project: Project): Promise<Partial<Record<FileKind, (plan: Plan) => RenderedFile[]>>> {
  return {};
}
