import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_IMAGES, debianLine } from '../../src/stacks/base-images.js';
import { removeDir, runCli, type JsonOutput } from '../helpers.js';

/** Minimal repos that name no version, so every image comes out at this tool's default tag. */
const REPOS: Record<string, Record<string, string>> = {
  node: { 'package.json': '{"name":"a","scripts":{"start":"node index.js"}}', 'package-lock.json': '{"lockfileVersion":3,"packages":{}}', 'index.js': '' },
  vite: { 'package.json': '{"name":"a","scripts":{"build":"vite build"},"devDependencies":{"vite":"^6.0.0"}}', 'package-lock.json': '{"lockfileVersion":3,"packages":{}}', 'index.html': '<h1>a</h1>' },
  bun: { 'package.json': '{"name":"a","scripts":{"start":"bun index.ts"}}', 'bun.lock': '{}', 'index.ts': '' },
  pip: { 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' },
  uv: { 'pyproject.toml': '[project]\nname = "a"\nversion = "1"\ndependencies = []\n', 'uv.lock': 'version = 1\n', 'main.py': 'print(1)\n' },
  go: { 'go.mod': 'module example.com/a\n', 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n' },
  cgo: { 'go.mod': 'module example.com/a\n', 'main.go': 'package main\n\nimport "C"\n\nfunc main() {}\n' },
  maven: { 'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version></project>', 'src/main/java/a/Main.java': 'package a; public class Main { public static void main(String[] a) {} }' },
  mavenw: { 'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version></project>', mvnw: '#!/bin/sh\n', '.mvn/wrapper/maven-wrapper.properties': 'distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip\n' },
  gradle: { 'build.gradle': "plugins { id 'java' }\n", 'settings.gradle': "rootProject.name = 'a'\n" },
};

/** A plain Java repo with no main class needs its command named. */
const JAVA_CMD = ['--cmd', 'java -jar app.jar'];

/** Runs that must come out at the default tags: repo × base (× --jlink). */
const DEFAULT_RUNS: [string, string[]][] = [
  ...['slim', 'alpine', 'distroless'].flatMap((b): [string, string[]][] => [['node', ['--base', b]], ['bun', ['--base', b]]]),
  ['vite', ['--base', 'slim']],
  ['vite', ['--base', 'alpine']],
  ['pip', []],
  ['uv', []],
  ...['distroless', 'scratch', 'alpine'].flatMap((b): [string, string[]][] => [['go', ['--base', b]], ['cgo', ['--base', b]]]),
  ...['slim', 'alpine', 'distroless'].flatMap((b): [string, string[]][] => [['maven', ['--base', b, ...JAVA_CMD]], ['mavenw', ['--base', b, ...JAVA_CMD]], ['gradle', ['--base', b, ...JAVA_CMD]]]),
  ['maven', ['--jlink', ...JAVA_CMD]],
  ['maven', ['--jlink', '--base', 'distroless', ...JAVA_CMD]],
];

/** Versions whose line ended before Debian 13: they keep the bookworm tags they were published with. */
const LEGACY_RUNS: [string, string[]][] = [
  ['node', ['--node-version', '18']],
  ['node', ['--node-version', '18', '--base', 'distroless']],
  ['pip', ['--python-version', '3.8']],
  ['go', ['--go-version', '1.23']],
];

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

async function repo(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cdf-images-${name}-`));
  dirs.push(dir);
  for (const [file, text] of Object.entries(REPOS[name] ?? {})) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** Every external image a Dockerfile names (FROM and COPY --from), as written and with its ARG defaults filled in. */
function imagesOf(dockerfile: string): { reference: string; resolved: string }[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const found: { reference: string; resolved: string }[] = [];
  for (const line of dockerfile.split('\n')) {
    const arg = /^ARG (\w+)=(\S+)$/.exec(line);
    if (arg !== null && stages.size === 0) args.set(arg[1] as string, arg[2] as string);
    const from = /^FROM (?:--platform=\S+ )?(\S+)(?: AS (\S+))?$/.exec(line);
    const copy = /^COPY (?:--link )?--from=([^\s]+)/.exec(line);
    const reference = from?.[1] ?? copy?.[1];
    if (reference !== undefined && !stages.has(reference) && !/^\d+$/.test(reference)) {
      found.push({ reference, resolved: reference.replace(/\$\{(\w+)\}/g, (_, name: string) => args.get(name) ?? `<${name}?>`) });
    }
    if (from?.[2] !== undefined) stages.add(from[2]);
  }
  return found;
}

async function render(name: string, args: string[]): Promise<{ reference: string; resolved: string }[]> {
  const dir = await repo(name);
  const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile', ...args], dir);
  expect(result.stderr, `${name} ${args.join(' ')}`).toBe('');
  const json = JSON.parse(result.stdout) as JsonOutput;
  const dockerfile = json.files.find((f) => f.path.endsWith('Dockerfile'));
  return imagesOf(dockerfile?.contents ?? '');
}

const table = Object.values(BASE_IMAGES);
const seen = new Set<string>();

describe('every base image a template emits is in the confirmed table', () => {
  it.for(DEFAULT_RUNS)('%s %j resolves to confirmed default tags', async ([name, args]) => {
    const images = await render(name, args);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const entry = table.find((e) => e.reference === image.reference);
      expect(entry, `${image.reference} is not in src/stacks/base-images.ts`).toBeDefined();
      expect(image.resolved).toBe(entry?.resolved);
      seen.add(image.reference);
    }
  });

  it.for(LEGACY_RUNS)('%s %j keeps the tags its line was published with', async ([name, args]) => {
    for (const image of await render(name, args)) {
      const entry = table.find((e) => e.reference === image.reference);
      expect(entry, `${image.reference} is not in src/stacks/base-images.ts`).toBeDefined();
      expect(image.resolved).toBe(entry?.resolved);
      seen.add(image.reference);
    }
  });

  it('has no entry that no template emits, and each says where it was confirmed', () => {
    expect(table.map((e) => e.reference).filter((r) => !seen.has(r))).toEqual([]);
    for (const entry of table) expect(entry.confirmed).toMatch(/^https:\/\/|^distroless /);
  });
});

describe('debianLine', () => {
  it.each([
    ['node', '26', 'trixie'],
    ['node', '20.11', 'trixie'],
    ['node', '18', 'bookworm'],
    ['python', '3.15', 'trixie'],
    ['python', '3.9', 'trixie'],
    ['python', '3.8', 'bookworm'],
    ['go', '1.27.4', 'trixie'],
    ['go', '1.23', 'bookworm'],
  ] as const)('%s %s → %s', (runtime, version, line) => {
    expect(debianLine(runtime, version)).toBe(line);
  });
});
