import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers.js';
import { baseImages, engineSuite, ensureImages, oneLineChange } from './engine.js';

/**
 * The rule behind issue 18's rebuild budget, on a real engine: after a one-line source change, every
 * step that does not read the source (base, OS packages, package-manager setup, manifest COPYs,
 * dependency installs, the init binary) comes from the build cache; only the source COPY, the
 * steps after it in its stage (the build) and the copies out of such a stage run again.
 */
interface Case {
  readonly fixture: string;
  /** The file the one-line change goes into. */
  readonly source: string;
  /** What the dependency install runs: it must be among the cached steps. */
  readonly install: RegExp;
  /** A step after the source COPY that must run again (the build), when the app has one. */
  readonly rebuilt?: RegExp;
}

const CASES: readonly Case[] = [
  { fixture: 'node-npm-express', source: 'server.js', install: /npm ci/ },
  { fixture: 'nextjs-standalone', source: 'app/page.js', install: /npm ci/, rebuilt: /npm run build/ },
  // A workspace member's source changes; its package.json is copied with the manifests.
  { fixture: 'node-npm-workspace-root', source: 'packages/greet/index.js', install: /npm ci/ },
  { fixture: 'node-pnpm-typescript', source: 'src/server.ts', install: /pnpm install/, rebuilt: /RUN pnpm run build/ },
];

interface Step {
  readonly stage: string;
  /** Its place in the stage (BuildKit's `n` of `n/m`). */
  readonly index: number;
  readonly instruction: string;
  readonly cached: boolean;
}

/** The Dockerfile steps of a `--progress=plain` log (`#7 [deps 1/1] RUN …`, later `#7 CACHED`); FROM lines are not steps. */
function stepsOf(log: string): Step[] {
  const steps = new Map<string, { stage: string; index: number; instruction: string; cached: boolean }>();
  for (const line of log.split('\n')) {
    const header = /^#(\d+) \[([\w.-]+) (\d+)\/\d+\] (.*)$/.exec(line);
    if (header !== null) {
      const instruction = header[4] as string;
      if (!instruction.startsWith('FROM ')) steps.set(header[1] as string, { stage: header[2] as string, index: Number(header[3]), instruction, cached: false });
      continue;
    }
    const cached = /^#(\d+) CACHED$/.exec(line);
    const step = cached === null ? undefined : steps.get(cached[1] as string);
    if (step !== undefined) step.cached = true;
  }
  return [...steps.values()];
}

/** Stages of the Dockerfile with a COPY that reads the changed file, and the stages built on them. */
function stagesReadingSource(dockerfile: string, source: string): Set<string> {
  const reading = new Set<string>();
  let stage = '';
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM (\S+) AS (\S+)$/.exec(line);
    if (from !== null) {
      stage = from[2] as string;
      if (reading.has(from[1] as string)) reading.add(stage);
    } else if (isSourceCopy(line, source) || (/^COPY --from=(\S+)/.exec(line) !== null && reading.has(/^COPY --from=(\S+)/.exec(line)?.[1] as string))) {
      reading.add(stage);
    }
  }
  return reading;
}

/** A COPY from the build context whose sources include the file (`.` or a folder above it). */
function isSourceCopy(instruction: string, source: string): boolean {
  if (!instruction.startsWith('COPY ') || instruction.includes('--from=') || instruction.includes('<<')) return false;
  const words = instruction.split(/\s+/).slice(1).filter((w) => !w.startsWith('--'));
  return words.slice(0, -1).some((w) => {
    const from = w.replace(/^\.\//, '').replace(/\/$/, '');
    return from === '.' || from === '' || source === from || source.startsWith(`${from}/`);
  });
}

/**
 * A step may run again only when it reads the changed file (directly, or by copying from a stage
 * that does) or follows such a step in its stage.
 */
function mayRerun(steps: readonly Step[], reading: ReadonlySet<string>, source: string): Set<Step> {
  const firstReader = new Map<string, number>();
  for (const step of steps) {
    const copiesFrom = /^COPY --from=(\S+)/.exec(step.instruction)?.[1];
    if (isSourceCopy(step.instruction, source) || (copiesFrom !== undefined && reading.has(copiesFrom))) {
      firstReader.set(step.stage, Math.min(firstReader.get(step.stage) ?? Infinity, step.index));
    }
  }
  return new Set(steps.filter((s) => s.index >= (firstReader.get(s.stage) ?? Infinity)));
}

/**
 * The Dockerfile with each base image replaced by a child that sets a variable of this run. BuildKit
 * merges a step with any step of the same cache key in flight on the engine; when that other build
 * runs with --no-cache (a cold build measured next to this one), this build gets that fresh result
 * and the steps after it run again, which says nothing about the Dockerfile. The variable is part
 * of every RUN step's cache key, so this run's steps are its own; the layout is unchanged.
 */
async function onOwnBases(dockerfile: string, runId: string, tags: string[]): Promise<string> {
  const args = new Map<string, string>();
  for (const m of dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)) args.set(m[1] as string, m[2] as string);
  const stages = new Set<string>();
  const children = new Map<string, string>();
  const lines: string[] = [];
  for (const line of dockerfile.replace(/^# syntax=.*\n/, '').split('\n')) {
    const from = /^FROM (\S+) AS (\S+)$/.exec(line);
    const ref = from === null ? '' : (from[1] as string).replace(/\$\{(\w+)\}/g, (_x, name: string) => args.get(name) ?? '');
    if (from === null || stages.has(ref)) {
      if (from !== null) stages.add(from[2] as string);
      lines.push(line);
      continue;
    }
    stages.add(from[2] as string);
    let child = children.get(ref);
    if (child === undefined) {
      child = `cdf-e2e/rebuild-cache-base-${children.size}:${runId}`;
      await execa('docker', ['build', '-q', '-t', child, '-'], { input: `FROM ${ref}\nENV CDF_E2E_REBUILD_RUN=${runId}\n` });
      children.set(ref, child);
      tags.push(child);
    }
    lines.push(`FROM ${child} AS ${from[2] as string}`);
  }
  return lines.join('\n');
}

const RUN_ID = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const suite = engineSuite('rebuild-cache e2e');
const { images, dirs } = suite;

describe.each(CASES)('$fixture: a one-line source change', (c) => {
  it('reuses every step before the source COPY and re-runs only the source COPY, the build and the final copies', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const dir = await copyFixture(c.fixture);
    dirs.push(dir);
    const generated = await runCli([dir, '--yes', '--only', 'dockerfile,dockerignore'], dir);
    expect(generated.exit, generated.stderr).toBe(0);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    const missing = await ensureImages(baseImages(dockerfile));
    if (missing !== null) return ctx.skip(`${c.fixture}: ${missing}`);

    const tag = `cdf-e2e/rebuild-cache-${c.fixture}:test`;
    images.push(tag);
    await writeFile(path.join(dir, 'Dockerfile.offline'), await onOwnBases(dockerfile, RUN_ID, images));
    const cold = await execa('docker', ['build', '-q', '-f', 'Dockerfile.offline', '-t', tag, '.'], { cwd: dir, reject: false, all: true });
    expect(cold.exitCode, cold.all).toBe(0);
    await oneLineChange(path.join(dir, c.source), '//');
    const rebuild = await execa('docker', ['build', '--progress=plain', '-f', 'Dockerfile.offline', '-t', tag, '.'], { cwd: dir, reject: false, all: true });
    expect(rebuild.exitCode, rebuild.all).toBe(0);

    const steps = stepsOf(rebuild.all ?? '');
    const allowed = mayRerun(steps, stagesReadingSource(dockerfile, c.source), c.source);
    const rerun = steps.filter((s) => !s.cached);
    const label = (s: Step): string => `[${s.stage}] ${s.instruction}`;
    expect(rerun.filter((s) => !allowed.has(s)).map(label), 'steps that ran again without reading the changed file').toEqual([]);
    // The rule is not vacuous: the install is in the log and cached, the source COPY ran again.
    expect(steps.filter((s) => c.install.test(s.instruction)).map((s) => s.cached)).toContain(true);
    expect(steps.filter((s) => c.install.test(s.instruction) && !s.cached).map(label)).toEqual([]);
    expect(rerun.some((s) => isSourceCopy(s.instruction, c.source)), 'the source COPY ran again').toBe(true);
    if (c.rebuilt !== undefined) expect(rerun.map((s) => s.instruction).some((i) => c.rebuilt?.test(i) === true), 'the build ran again').toBe(true);
  });
});
