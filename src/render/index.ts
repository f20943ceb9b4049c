import type { FileKind, Plan, RenderedFile } from '../types.js';
import { renderDockerfile, renderDockerignore, type TemplateRenderer } from './dockerfile.js';
import { createRenderer } from './handlebars.js';

export interface RenderContext {
  readonly plan: Plan;
  readonly version: string;
  readonly only: readonly FileKind[];
  /** Extra file renderers (compose, workflow) plugged in by kind. */
  readonly extras?: Partial<Record<FileKind, (plan: Plan) => RenderedFile[]>>;
  readonly render?: TemplateRenderer;
}

/** Pure: plan → files, in a fixed order. Only the kinds in `only` are produced. */
export function renderFiles(ctx: RenderContext): RenderedFile[] {
  const render = ctx.render ?? createRenderer();
  const files: RenderedFile[] = [];
  for (const kind of ctx.only) {
    if (kind === 'dockerfile') files.push(renderDockerfile(ctx.plan, render, ctx.plan.dockerfilePath ?? 'Dockerfile'));
    else if (kind === 'dockerignore') files.push(renderDockerignore(ctx.plan, ctx.version));
    else files.push(...(ctx.extras?.[kind]?.(ctx.plan) ?? []));
  }
  return files;
}
