import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from '../helpers.js';
import { baseImages, engineUnavailable, ensureImages } from './engine.js';

/**
 * Variants whose base images have no stand-in on machines without a registry. Each is generated
 * here and its base images are asked for; where none can be had the suite lists it as skipped
 * with the reason, never as a silent pass. On a machine that pulls real images they are checked
 * for availability, and the per-stack suites build them.
 */
const VARIANTS: readonly { fixture: string; args: string[]; label: string }[] = [
  { fixture: 'node-npm-express', args: ['--base', 'alpine'], label: 'Node.js on Alpine' },
  { fixture: 'go-stdlib', args: ['--base', 'alpine'], label: 'Go on Alpine' },
  { fixture: 'python-uv-fastapi', args: [], label: 'Python with uv (ghcr.io/astral-sh/uv)' },
  { fixture: 'java-spring-maven-wrapper', args: [], label: 'Java, Spring Boot with Maven' },
  { fixture: 'java-spring-gradle-kts', args: [], label: 'Java, Spring Boot with Gradle' },
];

let unavailable: string | null = null;
const dirs: string[] = [];
beforeAll(async () => {
  unavailable = await engineUnavailable();
});
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe.each(VARIANTS)('$label', (v) => {
  it('has its base images here, or is skipped with the reason', async (ctx) => {
    if (unavailable !== null) return ctx.skip(unavailable);
    const dir = await copyFixture(v.fixture);
    dirs.push(dir);
    const result = await runCli([dir, '--yes', '--only', 'dockerfile', ...v.args], dir);
    expect(result.exit, result.stderr).toBe(0);
    const images = baseImages(await readFile(path.join(dir, 'Dockerfile'), 'utf8'));
    expect(images.length).toBeGreaterThan(0);
    const reason = await ensureImages(images);
    if (reason !== null) return ctx.skip(`${v.label}: ${reason}`);
    expect(reason).toBeNull();
  });
});
