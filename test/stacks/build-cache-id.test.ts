import { describe, expect, it } from 'vitest';
import { appBuildCache } from '../../src/stacks/cache-mount.js';
import { runCli, tempRepos, type JsonOutput } from '../helpers.js';

/**
 * BuildKit names a cache mount without an id by its target: every Next.js app has
 * /app/.next/cache, so without an id two apps built on one builder would read and write one
 * cache. A framework build cache is per app; the package managers' download caches stay shared.
 */

const repo = tempRepos('cdf-cache-id-');

async function cacheMounts(files: Record<string, string>): Promise<string[]> {
  const dir = await repo(files);
  const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile'], dir);
  expect(result.stderr).toBe('');
  const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files.find((f) => f.path.endsWith('Dockerfile'));
  return [...(dockerfile?.contents ?? '').matchAll(/--mount=type=cache,[^ ]+/g)].map((m) => m[0]);
}

const next = (name: string | null) => ({
  'package.json': JSON.stringify({ ...(name === null ? {} : { name }), private: true, scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15.3.0', react: '19.1.0', 'react-dom': '19.1.0' } }),
  'package-lock.json': JSON.stringify({ name: name ?? 'x', lockfileVersion: 3, requires: true, packages: { '': {} } }),
  'next.config.mjs': "export default { output: 'standalone' };\n",
});

describe('build cache ids', () => {
  it('give two Next.js apps two caches, and keep one shared npm download cache', async () => {
    const shop = await cacheMounts(next('@acme/Shop'));
    const blog = await cacheMounts(next('blog'));
    expect(shop).toContain('--mount=type=cache,id=next-acme-shop,target=/app/.next/cache');
    expect(blog).toContain('--mount=type=cache,id=next-blog,target=/app/.next/cache');
    expect(shop).toContain('--mount=type=cache,id=npm,target=/root/.npm');
    expect(blog).toContain('--mount=type=cache,id=npm,target=/root/.npm');
  });

  it('mount .next/cache for a static export too: next build compiles into .next before it exports', async () => {
    const exported = await cacheMounts({ ...next('docs'), 'next.config.mjs': "export default { output: 'export' };\n" });
    expect(exported).toContain('--mount=type=cache,id=next-docs,target=/app/.next/cache');
    // With distDir set the export goes there, and where the compiler's cache lives is not known: no mount.
    const moved = await cacheMounts({ ...next('docs'), 'next.config.mjs': "export default { output: 'export', distDir: 'site' };\n" });
    expect(moved.filter((m) => m.includes('.next') || m.includes('site'))).toEqual([]);
  });

  it('give the Angular CLI cache an id per app', async () => {
    const mounts = await cacheMounts({
      'package.json': JSON.stringify({ name: 'shop', scripts: { build: 'ng build', start: 'node dist/shop/server/server.mjs' }, dependencies: { '@angular/core': '^20.0.0' }, devDependencies: { '@angular/cli': '^20.0.0' } }),
      'angular.json': JSON.stringify({ projects: { shop: { projectType: 'application', architect: { build: { builder: '@angular/build:application', options: { outputPath: 'dist/shop' } } } } } }),
    });
    expect(mounts).toContain('--mount=type=cache,id=angular-shop,target=/app/.angular/cache');
  });

  it('fall back to the folder, then to app, when the package has no usable name', () => {
    expect(appBuildCache('next', ['@@', 'apps/web'], '/app/apps/web/.next/cache').id).toBe('next-apps-web');
    expect(appBuildCache('next', [null, ''], '/app/.next/cache').id).toBe('next-app');
    // Only [a-z0-9._-] reach the Dockerfile: the id sits inside a comma-separated --mount flag.
    expect(appBuildCache('next', ['Shop,target=/etc ok'], '/x').id).toBe('next-shop-target-etc-ok');
  });
});
