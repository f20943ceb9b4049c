import { createRenderer } from '../render/handlebars.js';
import type { TemplateRenderer } from '../render/dockerfile.js';
import { readOwned } from '../settings.js';
import type { Project } from '../types.js';
import { loadOverrides } from './overrides.js';

export interface TemplateSetup {
  readonly render: TemplateRenderer;
  readonly notes: readonly string[];
  /** Paths listed as owned in .create-dockerfile.json (kept when the file is rewritten). */
  readonly owned: readonly string[];
}

/**
 * The renderer for this run: built-ins, or built-ins overridden by the team's `--templates` folder
 * (relative to `project`, the build context). The owned list comes from the settings file being
 * written, `settingsProject`'s (a monorepo member's own folder, else the same project).
 */
export async function prepareTemplates(project: Project, settingsProject: Project, dir: string | null, version: string): Promise<TemplateSetup> {
  const owned = await readOwned(settingsProject);
  if (dir === null) return { render: await createRenderer(), notes: [], owned };
  const { overrides, notes } = await loadOverrides(project, dir, version);
  return { render: await createRenderer(overrides), notes, owned };
}
