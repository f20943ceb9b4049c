import type { DockerfilePlan, FileKind, Plan, RenderedFile } from '../types.js';
import { renderDockerfile, renderDockerignore, type TemplateRenderer } from './dockerfile.js';

export interface RenderContext {
  readonly plan: DockerfilePlan;
  readonly version: string;
  readonly only: readonly FileKind[];
  /** Extra file renderers (compose, workflow) plugged in by kind; they see the Dockerfile as rendered. */
  readonly extras?: Partial<Record<FileKind, (plan: Plan, dockerfile: string) => RenderedFile[]>>;
  readonly render: TemplateRenderer;
}

/** Pure: plan → files, in a fixed order. Only the kinds in `only` are produced. */
export function renderFiles(ctx: RenderContext): RenderedFile[] {
  const { render } = ctx;
  const files: RenderedFile[] = [];
  // Rendered once even when not written: the workflow reads its secret ids (with team templates too).
  const dockerfile = renderDockerfile(ctx.plan, render, ctx.plan.dockerfilePath ?? 'Dockerfile');
  for (const kind of ctx.only) {
    if (kind === 'dockerfile') files.push(dockerfile);
    else if (kind === 'dockerignore') files.push(renderDockerignore(ctx.plan, ctx.version));
    else files.push(...(ctx.extras?.[kind]?.(ctx.plan, dockerfile.contents) ?? []));
  }
  return files;
}
