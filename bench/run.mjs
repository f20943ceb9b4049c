#!/usr/bin/env node
/**
 * `npm run bench`: wall time of `create-dockerfile --yes --dry-run --json` on synthetic repos,
 * side by side with @flydotio/dockerfile on the Node cases, in one run.
 *
 * Repos are generated once under bench/.tmp (gitignored) and reused; BENCH_RUNS sets the number
 * of timed runs per case (default 7, median reported), BENCH_FRESH=1 regenerates the repos.
 * Targets: small app ≤ 60% of fly's time; monorepo < 0.5 s and ≤ 2× the small app.
 *
 * Both tools run without the Node.js settings a machine may put in the environment
 * (NODE_EXTRA_CA_CERTS, NODE_OPTIONS): they add the same fixed cost to every Node.js start, which
 * says nothing about either tool. When the machine sets them, the small app is also timed with
 * them, and the report gives both.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = path.join(ROOT, 'bench/.tmp');
const CLI = path.join(ROOT, 'dist/cli.js');
const FLY = path.join(ROOT, 'node_modules/@flydotio/dockerfile/index.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Node.js settings from the machine, not from either tool (a CA bundle read at every start, say). */
const MACHINE_NODE_SETTINGS = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter((name) => process.env[name] !== undefined);
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !MACHINE_NODE_SETTINGS.includes(name)));

function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const EXPRESS_PKG = (name, extra = {}) => JSON.stringify({ name, version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' }, ...extra }, null, 2);

/** Writes `count` small files spread over folders of 100, the shape of a real node_modules. */
function fill(dir, count, make) {
  for (let i = 0; i < count; i++) write(path.join(dir, `d${Math.floor(i / 100)}`, `f${i % 100}.js`), make(i));
}

const CASES = [
  {
    id: 'small',
    label: 'small Express app',
    node: true,
    files: 4,
    make(dir) {
      write(path.join(dir, 'package.json'), EXPRESS_PKG('small'));
      write(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'small', lockfileVersion: 3, requires: true, packages: {} }));
      write(path.join(dir, 'server.js'), "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n");
      write(path.join(dir, '.nvmrc'), '22\n');
    },
  },
  {
    id: 'monorepo',
    label: 'monorepo: 200,000 files in node_modules, 5,000 sources',
    node: true,
    files: 205_000,
    make(dir) {
      write(path.join(dir, 'package.json'), EXPRESS_PKG('mono', { workspaces: ['packages/*'] }));
      write(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'mono', lockfileVersion: 3, requires: true, packages: {} }));
      write(path.join(dir, 'server.js'), "require('express')().listen(3000);\n");
      write(path.join(dir, '.gitignore'), 'node_modules/\ndist/\n');
      // 2,000 packages of 100 files each.
      for (let p = 0; p < 2000; p++) {
        const pkg = path.join(dir, 'node_modules', `pkg-${p}`);
        write(path.join(pkg, 'package.json'), JSON.stringify({ name: `pkg-${p}`, version: '1.0.0', main: 'index.js' }));
        for (let f = 0; f < 99; f++) write(path.join(pkg, 'lib', `m${f}.js`), `module.exports = ${f};\n`);
      }
      for (let w = 0; w < 50; w++) {
        const ws = path.join(dir, 'packages', `ws-${w}`);
        write(path.join(ws, 'package.json'), JSON.stringify({ name: `ws-${w}`, version: '1.0.0', main: 'src/index.js' }));
        fill(path.join(ws, 'src'), 100, (i) => `export const v${i} = ${i};\n`);
      }
    },
  },
  {
    id: 'go-vendor',
    label: 'Go app with a 20,000-file vendor/',
    node: false,
    files: 20_003,
    make(dir) {
      write(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22\n\nrequire github.com/example/dep v1.0.0\n');
      write(path.join(dir, 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n');
      write(path.join(dir, 'vendor/modules.txt'), '# github.com/example/dep v1.0.0\n## explicit\ngithub.com/example/dep\n');
      fill(path.join(dir, 'vendor/github.com/example/dep'), 20_000, (i) => `package dep\n\nconst V${i} = ${i}\n`);
    },
  },
];

function prepare(c) {
  const dir = path.join(TMP, c.id);
  const done = path.join(TMP, `${c.id}.ready`);
  if (process.env.BENCH_FRESH === '1' || !existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    c.make(dir);
    writeFileSync(done, '');
    console.error(`made ${c.id} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return dir;
}

/** A copy for fly, which writes Dockerfile/.dockerignore and may rewrite package.json: hard links, except package.json. */
function flyCopy(c, dir) {
  const copy = path.join(TMP, `${c.id}-fly`);
  if (!existsSync(copy) || process.env.BENCH_FRESH === '1') {
    rmSync(copy, { recursive: true, force: true });
    const r = spawnSync('cp', ['-al', dir, copy]);
    if (r.status !== 0) cpSync(dir, copy, { recursive: true });
    rmSync(path.join(copy, 'package.json'));
    cpSync(path.join(dir, 'package.json'), path.join(copy, 'package.json'));
  }
  return copy;
}

/** GNU time reports the child's CPU time, which a busy machine inflates far less than wall time. */
const GNU_TIME = spawnSync('/usr/bin/time', ['-f', '%U %S', 'true']).status === 0;

function time(command, args, cwd, env = {}, base = CLEAN_ENV) {
  const argv = GNU_TIME ? ['-f', 'CPU %U %S', command, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(GNU_TIME ? '/usr/bin/time' : command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, CI: 'true', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  let stderr = r.stderr.toString();
  let cpu = null;
  const match = /CPU ([\d.]+) ([\d.]+)\n?$/.exec(stderr);
  if (match !== null) {
    cpu = (Number(match[1]) + Number(match[2])) * 1000;
    stderr = stderr.slice(0, match.index);
  }
  return { ms, cpu, status: r.status, stdout: r.stdout.toString(), stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs each command once to warm the file cache, then RUNS times, interleaved, so that a change
 * in the machine's load during the run affects both tools alike.
 */
function measureAll(commands) {
  const firsts = commands.map((c) => time(c.command, c.args, c.cwd, c.env, c.base));
  const walls = commands.map(() => []);
  const cpus = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    commands.forEach((c, k) => {
      const t = time(c.command, c.args, c.cwd, c.env, c.base);
      walls[k].push(t.ms);
      if (t.cpu !== null) cpus[k].push(t.cpu);
    });
  }
  return commands.map((_, k) => ({ median: median(walls[k]), cpu: cpus[k].length > 0 ? median(cpus[k]) : null, ...firsts[k] }));
}

const measure = (command, args, cwd, env, base) => measureAll([{ command, args, cwd, env, base }])[0];

const fmt = (ms) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(3)} s`);
const ratio = (a, b) => (a === null || b === null ? '–' : `${((a / b) * 100).toFixed(0)}%`);

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}
mkdirSync(TMP, { recursive: true });

const baseline = measure(process.execPath, ['-e', '0'], TMP);
const startup = measure(process.execPath, [CLI, '--version'], TMP);
const rows = [];
for (const c of CASES) {
  const dir = prepare(c);
  const commands = [{ command: process.execPath, args: [CLI, dir, '--yes', '--dry-run', '--json'], cwd: TMP }];
  // NODE_ENV=test: fly would otherwise `npm install` adapters it thinks are missing.
  if (c.node) commands.push({ command: process.execPath, args: [FLY, '--force'], cwd: flyCopy(c, dir), env: { NODE_ENV: 'test' } });
  const [ours, flyRun] = measureAll(commands);
  let outcome = 'error';
  if (ours.status === 0) outcome = JSON.parse(ours.stdout).detection.stack;
  else if (ours.status === 3) outcome = 'no stack';
  else outcome = `exit ${ours.status}: ${ours.stderr.split('\n')[0].slice(0, 60)}`;
  let fly = null;
  let flyCpu = null;
  if (flyRun !== undefined) {
    if (flyRun.status === 0) [fly, flyCpu] = [flyRun.median, flyRun.cpu];
    else console.error(`fly failed on ${c.id}: ${flyRun.stderr.slice(0, 300)}`);
  }
  rows.push({ c, ours: ours.median, oursCpu: ours.cpu, outcome, fly, flyCpu });
}

const small = rows.find((r) => r.c.id === 'small');

/** The small app once more with the machine's own Node.js settings, so the report shows what they cost. */
let machine = null;
if (MACHINE_NODE_SETTINGS.length > 0) {
  const dir = prepare(small.c);
  const [ours, flyRun] = measureAll([
    { command: process.execPath, args: [CLI, dir, '--yes', '--dry-run', '--json'], cwd: TMP, base: process.env },
    { command: process.execPath, args: [FLY, '--force'], cwd: flyCopy(small.c, dir), env: { NODE_ENV: 'test' }, base: process.env },
  ]);
  const bare = measure(process.execPath, ['-e', '0'], TMP, {}, process.env);
  machine = { ours: ours.median, fly: flyRun.status === 0 ? flyRun.median : null, bare: bare.median };
}
const mono = rows.find((r) => r.c.id === 'monorepo');
const checks = [
  ['small app ≤ 60% of fly', small.fly !== null && small.ours <= 0.6 * small.fly, `${((small.ours / small.fly) * 100).toFixed(0)}%`],
  ['monorepo < 0.5 s', mono.ours < 500, fmt(mono.ours)],
  ['monorepo ≤ 2× small app', mono.ours <= 2 * small.ours, `${(mono.ours / small.ours).toFixed(2)}×`],
];

const lines = [
  `# create-dockerfile benchmark`,
  '',
  `Median wall time of ${RUNS} runs after one warm-up, \`--yes --dry-run --json\`; fly: \`dockerfile --force\` in a hard-linked copy.`,
  `Node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString().slice(0, 10)}.`,
  `Start-up (wall / CPU): \`node -e 0\` ${fmt(baseline.median)} / ${fmt(baseline.cpu)}, \`create-dockerfile --version\` ${fmt(startup.median)} / ${fmt(startup.cpu)}.`,
  '',
  ...(machine === null
    ? []
    : [
        `Run without this machine's ${MACHINE_NODE_SETTINGS.join(' and ')}. With ${MACHINE_NODE_SETTINGS.length === 1 ? 'it' : 'them'}, \`node -e 0\` takes ${fmt(machine.bare)}, and the small app ${fmt(machine.ours)} against ${fmt(machine.fly)} for fly (${ratio(machine.ours, machine.fly)}).`,
        '',
      ]),
  `Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs (wall times grow with load; CPU = user+sys of the process).`,
  '',
  '| case | files | detected | create-dockerfile wall | fly wall | ratio | create-dockerfile CPU | fly CPU | CPU ratio |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.c.label} | ${r.c.files.toLocaleString('en')} | ${r.outcome} | ${fmt(r.ours)} | ${fmt(r.fly)} | ${ratio(r.ours, r.fly)} | ${fmt(r.oursCpu)} | ${fmt(r.flyCpu)} | ${ratio(r.oursCpu, r.flyCpu)} |`),
  '',
  '| target | result | value |',
  '|---|---|---:|',
  ...checks.map(([name, ok, value]) => `| ${name} | ${ok ? 'pass' : 'FAIL'} | ${value} |`),
  '',
];
const report = lines.join('\n');
writeFileSync(path.join(TMP, 'results.md'), report);
console.log(report);
console.log(`written to ${path.relative(ROOT, path.join(TMP, 'results.md'))}`);
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
