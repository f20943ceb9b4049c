import type { Flags } from '../flags.js';
import type { FoundService } from '../services/types.js';
import { detectServices } from '../services/detect.js';
import type { FileKind, Plan, Project, RenderedFile } from '../types.js';
import { VERSION } from '../version.js';
import { renderCompose } from './compose.js';
import { renderWorkflow } from './workflow.js';

/**
 * Compose and workflow renderers. Service detection reads the repo here, once, so the renderers
 * themselves stay pure functions of the plan and what was found.
 */
export interface Extras {
  readonly renderers: Partial<Record<FileKind, (plan: Plan, dockerfile: string) => RenderedFile[]>>;
  /** Backing services found in the repo, shown by the wizard, the closing notes and --json. */
  readonly services: readonly FoundService[];
}

export async function extraRenderers(flags: Flags, project: Project): Promise<Extras> {
  const wantsCompose = flags.only === null || flags.only.includes('compose');
  const services = wantsCompose && flags.features.noServices !== true ? await detectServices(project) : [];
  const pinActions = flags.features.pinActions === true;
  const renderers = {
    compose: (plan: Plan) => renderCompose(plan, { services, version: VERSION }),
    workflow: (plan: Plan, dockerfile: string) => [renderWorkflow(plan, { pinActions, version: VERSION, dockerfile })],
  };
  return { renderers, services };
}
