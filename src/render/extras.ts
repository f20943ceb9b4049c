import type { Flags } from '../flags.js';
import type { FoundService } from '../services/types.js';
import { detectServices } from '../services/detect.js';
import type { FileKind, Plan, Project, RenderedFile } from '../types.js';
import { VERSION } from '../version.js';
import { renderCompose, type ComposeContext, type ComposeOutput } from './compose.js';
import { ENV_EXAMPLE, gitignoreWithEnv, isGeneratedEnvExample } from './compose-env.js';
import { findExistingCompose } from './compose-existing.js';
import { readOwned } from '../settings.js';
import { DEPENDABOT, isGeneratedDependabot, renderDependabot } from './dependabot.js';
import { renderWorkflow } from './workflow.js';

/**
 * Compose and workflow renderers. Service detection and the few repo files these depend on are
 * read here, once, so the renderers themselves stay pure functions of the plan and what was found.
 */
export interface Extras {
  readonly renderers: Partial<Record<FileKind, (plan: Plan, dockerfile: string) => RenderedFile[]>>;
  /** Backing services found in the repo, shown by the wizard, the closing notes and --json. */
  readonly services: readonly FoundService[];
  /** What compose wrote for the last plan rendered (commands to print, notes), or null when not rendered. */
  compose(): ComposeOutput | null;
}

async function readQuietly(project: Project, file: string): Promise<string | null> {
  try {
    return await project.readText(file);
  } catch {
    return null;
  }
}

/**
 * `app` is the folder of the app (services are read there); `root` is where compose and the
 * workflow go; `keep` is the services the user kept in the wizard (all found when absent).
 */
export async function extraRenderers(flags: Flags, app: Project, root: Project = app, keep?: readonly string[]): Promise<Extras> {
  const wantsCompose = flags.only === null || flags.only.includes('compose');
  const found = wantsCompose && flags.features.noServices !== true ? await detectServices(app) : [];
  const services = keep === undefined ? found : found.filter((s) => keep.includes(s.id));
  const pinActions = flags.features.noPinActions !== true;
  const envExample = wantsCompose ? await readQuietly(root, ENV_EXAMPLE) : null;
  const gitignore = wantsCompose ? await readQuietly(root, '.gitignore') : null;
  const ctx: ComposeContext = {
    services,
    version: VERSION,
    existing: wantsCompose ? await findExistingCompose(root, await readOwned(app)) : null,
    writeEnvExample: envExample === null || isGeneratedEnvExample(envExample),
    gitignore: gitignore === null ? null : gitignoreWithEnv(gitignore),
  };
  const wantsWorkflow = flags.only === null || flags.only.includes('workflow');
  // A dependabot file of the user's is left alone (either spelling): theirs already says what to update.
  const ownDependabot = await readQuietly(root, DEPENDABOT);
  const dependabot = wantsWorkflow && (ownDependabot === null || isGeneratedDependabot(ownDependabot)) && !(await root.exists('.github/dependabot.yaml'));
  let composed: ComposeOutput | null = null;
  const renderers = {
    compose: (plan: Plan) => (composed = renderCompose(plan, ctx)).files,
    workflow: (plan: Plan, dockerfile: string) => [
      renderWorkflow(plan, { pinActions, version: VERSION, dockerfile }),
      ...(dependabot ? [renderDependabot(plan, VERSION)] : []),
    ],
  };
  return { renderers, services, compose: () => composed };
}
