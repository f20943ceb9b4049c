import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { dependencyClosure, detectWorkspace, findMember } from '../../src/workspaces/detect.js';
import { findWorkspaceAbove } from '../../src/workspaces/locate.js';
import { openTarget } from '../../src/workspaces/choose.js';
import type { Choice } from '../../src/types.js';
import { FIXTURES } from '../helpers.js';

const at = (name: string): string => path.join(FIXTURES, name);

describe('detectWorkspace', () => {
  it.for([
    { fixture: 'mono-npm', kind: 'npm', tool: null, members: ['apps/admin', 'apps/api', 'packages/greet'], deployable: ['apps/admin', 'apps/api'] },
    { fixture: 'mono-pnpm-next', kind: 'pnpm', tool: null, members: ['apps/docs', 'apps/web', 'packages/ui'], deployable: ['apps/docs', 'apps/web'] },
    { fixture: 'mono-turbo-express', kind: 'npm', tool: 'turbo', members: ['apps/api', 'apps/worker', 'packages/logger'], deployable: ['apps/api', 'apps/worker'] },
    { fixture: 'mono-yarn-berry', kind: 'yarn', tool: null, members: ['apps/server', 'packages/utils'], deployable: ['apps/server'] },
    { fixture: 'mono-go-work', kind: 'go', tool: null, members: ['services/api', 'services/worker'], deployable: ['services/api', 'services/worker'] },
    { fixture: 'mono-uv', kind: 'uv', tool: null, members: ['packages/api', 'packages/core'], deployable: ['packages/api'] },
    { fixture: 'mono-uv-root-app', kind: 'uv', tool: null, members: ['packages/admin', 'packages/core'], deployable: ['packages/admin'] },
  ])('lists the members of $fixture and which can be deployed', async (c, { expect }) => {
    const ws = await detectWorkspace(await createProject(at(c.fixture)));
    expect(ws?.kind).toBe(c.kind);
    expect(ws?.tool).toBe(c.tool);
    expect(ws?.members.map((m) => m.dir)).toEqual(c.members);
    expect(ws?.members.filter((m) => m.deployable !== null).map((m) => m.dir)).toEqual(c.deployable);
  });

  it('finds no workspace in a single-package repo', async () => {
    expect(await detectWorkspace(await createProject(at('node-npm-express')))).toBeNull();
  });

  it('computes the internal dependency closure, libraries first, from dependencies and workspace: protocols', async () => {
    const ws = await detectWorkspace(await createProject(at('mono-pnpm-next')));
    const web = ws === null ? undefined : findMember(ws, '@mono/web');
    expect(web?.dir).toBe('apps/web');
    expect(web?.internalDeps).toEqual(['@mono/ui']);
    expect(ws !== null && web !== undefined ? dependencyClosure(ws, web).map((m) => m.dir) : null).toEqual(['packages/ui']);
    const uv = await detectWorkspace(await createProject(at('mono-uv')));
    const api = uv === null ? undefined : findMember(uv, 'packages/api/');
    expect(uv !== null && api !== undefined ? dependencyClosure(uv, api).map((m) => m.dir) : null).toEqual(['packages/core']);
  });
});

describe('finding the workspace root above an app folder', () => {
  it('walks up from a member folder to the folder that declares the workspace', async () => {
    expect(await findWorkspaceAbove(at('mono-npm/apps/api/src'))).toEqual({ root: at('mono-npm'), rel: 'apps/api/src' });
    expect(await findWorkspaceAbove(at('mono-go-work/services/api'))).toEqual({ root: at('mono-go-work'), rel: 'services/api' });
  });

  it('stops at the repository top (.git) without finding one for a plain app', async () => {
    expect(await findWorkspaceAbove(at('node-npm-express'))).toBeNull();
  });
});

describe('choosing the member', () => {
  const noAsk = async (): Promise<never> => {
    throw new Error('must not ask');
  };

  it('lists only deployable members in the wizard and takes the answer', async () => {
    let asked: Choice | null = null;
    const target = await openTarget(at('mono-npm'), undefined, true, async (c) => ((asked = c), 'apps/admin'), []);
    expect(target.member?.dir).toBe('apps/admin');
    const choice = asked as Choice | null;
    expect(choice?.key).toBe('workspace');
    expect(choice?.flag).toBe('--workspace');
    expect(choice?.options.map((o) => o.value)).toEqual(['apps/admin', 'apps/api']);
  });

  it('refuses to guess between several deployable members without a prompt (exit 2 naming --workspace)', async () => {
    await expect(openTarget(at('mono-npm'), undefined, false, noAsk, [])).rejects.toMatchObject({ exit: 2, message: expect.stringContaining('--workspace') });
  });

  it('takes the only deployable member and says so', async () => {
    const notes: string[] = [];
    const target = await openTarget(at('mono-yarn-berry'), undefined, false, noAsk, notes);
    expect(target.member?.dir).toBe('apps/server');
    expect(notes.join('\n')).toContain('only deployable member');
  });

  it('takes the member from the folder the tool runs in, with the workspace root as the context', async () => {
    const target = await openTarget(at('mono-pnpm-next/apps/web'), undefined, false, noAsk, []);
    expect(target.root).toBe(at('mono-pnpm-next'));
    expect(target.member?.dir).toBe('apps/web');
  });

  it('accepts a package name or a folder for --workspace and rejects anything else', async () => {
    expect((await openTarget(at('mono-turbo-express'), 'api', false, noAsk, [])).member?.dir).toBe('apps/api');
    expect((await openTarget(at('mono-turbo-express'), './apps/worker/', false, noAsk, [])).member?.dir).toBe('apps/worker');
    await expect(openTarget(at('mono-turbo-express'), 'apps/nope', false, noAsk, [])).rejects.toMatchObject({ exit: 2 });
  });

  it('a uv workspace whose root [project] is an app runs the root, not the member with a console script', async () => {
    const notes: string[] = [];
    const target = await openTarget(at('mono-uv-root-app'), undefined, false, noAsk, notes);
    expect(target.workspace?.rootApp).toBe('main.py');
    expect(target.member).toBeNull();
    expect(target.root).toBe(at('mono-uv-root-app'));
    expect(notes.join('\n')).toContain('the root project is the app (main.py)');
    // A virtual root (no [project]) is never the app.
    expect((await detectWorkspace(await createProject(at('mono-uv'))))?.rootApp).toBeNull();
    // A member can still be chosen by name.
    expect((await openTarget(at('mono-uv-root-app'), 'shop-admin', false, noAsk, [])).member?.dir).toBe('packages/admin');
  });

  it('leaves a go.work root to the Go stack (its --main choice) when no member is named', async () => {
    const target = await openTarget(at('go-work'), undefined, false, noAsk, []);
    expect(target.workspace?.kind).toBe('go');
    expect(target.member).toBeNull();
  });
});
