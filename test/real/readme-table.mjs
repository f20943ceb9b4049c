#!/usr/bin/env node
/**
 * Writes the real-world matrix table into README.md (between the real-matrix markers) from
 * test/real/results.json, the committed results of the last full `npm run test:real`.
 * `node test/real/readme-table.mjs --check` exits 1 when the README is not what it would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REAL = path.dirname(fileURLToPath(import.meta.url));
export const README = path.join(REAL, '../../README.md');
export const START = '<!-- real-matrix:start (made by test/real/readme-table.mjs from test/real/results.json) -->';
export const END = '<!-- real-matrix:end -->';

const mb = (bytes) => (typeof bytes === 'number' ? `${(bytes / 1e6).toFixed(0)} MB` : '–');
const sec = (s) => (typeof s === 'number' ? `${s.toFixed(0)} s` : '–');
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function ours(record) {
  if (record.outcome === 'answers') return 'answers';
  if (record.outcome === 'refused') return `refused (exit ${record.exitCode})`;
  if (record.outcome === 'skipped') return 'skipped';
  return `fails: ${record.step}`;
}

function peer(result) {
  if (result === undefined) return '–';
  if (result.skipped !== undefined) return `skipped (${result.skipped.replace(/^no stand-in: docker-engine: /, '')})`;
  const first = result.failures.find((f) => f.step !== 'healthy' && f.step !== 'non-root');
  const missed = (result.probes ?? []).filter((p) => !p.ok).map((p) => `${p.path} ${p.status ?? 'no answer'}`);
  if (first?.step === 'answers' && result.probes?.[0]?.ok) return `answers ${result.probes[0].path} only (${missed.join(', ')})`;
  if (first !== undefined) return `fails: ${first.step}`;
  const extras = [result.checks.nonRoot ? '' : 'root', result.checks.healthy ? '' : 'no healthcheck'].filter(Boolean);
  return extras.length === 0 ? 'answers' : `answers (${extras.join(', ')})`;
}

/**
 * Issue 18's rebuild budget: a one-line change rebuilds in at most 25% of a cold build, 50% for
 * Next.js standalone (its build step is the app); no budget for other Next.js apps.
 */
function rebuildBudget(app) {
  if (app.class !== 'nextjs') return 0.25;
  return (app.make.edits ?? []).includes('next-output-standalone') ? 0.5 : undefined;
}

function rebuildShare(result, budget) {
  if (typeof result?.coldSeconds !== 'number' || typeof result.rebuildSeconds !== 'number') return '–';
  const share = result.rebuildSeconds / result.coldSeconds;
  const percent = `${(share * 100).toFixed(0)}%`;
  return budget !== undefined && share > budget ? `${percent} (over ${budget * 100}%)` : percent;
}

/** The runs the table's figures come from, lettered in the order they started. */
function runsOf(records) {
  const sides = records.flatMap((r) => [r.ours, r.peer].filter((side) => side !== undefined).map((side) => ({
    ranAt: side.ranAt ?? r.ranAt,
    commit: side.commit ?? r.commit,
    machine: side.machine ?? r.machine ?? 'machine not recorded',
  })));
  const runs = new Map();
  for (const side of sides) {
    const key = `${side.commit} ${side.machine}`;
    const run = runs.get(key) ?? { commit: side.commit, machine: side.machine, from: side.ranAt, to: side.ranAt };
    if (side.ranAt < run.from) run.from = side.ranAt;
    if (side.ranAt > run.to) run.to = side.ranAt;
    runs.set(key, run);
  }
  const lettered = [...runs.entries()].sort(([, a], [, b]) => a.from.localeCompare(b.from));
  const letter = (i) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '');
  return new Map(lettered.map(([key, run], i) => [key, { ...run, letter: letter(i) }]));
}

function runLetter(runs, record, side) {
  if (side === undefined) return '–';
  return runs.get(`${side.commit ?? record.commit} ${side.machine ?? record.machine ?? 'machine not recorded'}`).letter;
}

const minute = (iso) => iso.replace('T', ' ').slice(0, 16);
/** `2026-12-06 17:16–18:20`, the date once when the run did not cross midnight. */
const span = (from, to) => (from.slice(0, 10) === to.slice(0, 10) ? `${minute(from)}–${minute(to).slice(11)}` : `${minute(from)} to ${minute(to)}`);

export function renderTable(results, apps) {
  const byName = new Map(results.apps.map((r) => [r.name, r]));
  const runs = runsOf(results.apps);
  const rows = apps.map((app) => {
    const r = byName.get(app.name);
    if (r === undefined) return `| ${app.name} | ${app.class} | not run yet | | | | | | | | | | | | |`;
    const o = r.ours ?? { checks: {}, failures: [] };
    const expected = app.expect === 'refused' ? `refused (exit ${app.exit})` : 'answers';
    const known = app.known === undefined ? '' : ` (#${app.known.issue})`;
    const ourCells = [cell(r.ours === undefined ? 'not run yet' : ours(r)), mb(o.imageBytes), mb(o.addedBytes), sec(o.coldSeconds), sec(o.rebuildSeconds), rebuildShare(o, rebuildBudget(app))];
    const peerCells = [cell(peer(r.peer)), mb(r.peer?.imageBytes), sec(r.peer?.coldSeconds), sec(r.peer?.rebuildSeconds), rebuildShare(r.peer)];
    return `| ${app.name} | ${app.class} | ${expected}${known} | ${ourCells.join(' | ')} | ${peerCells.join(' | ')} | ${runLetter(runs, r, r.ours)} / ${runLetter(runs, r, r.peer)} |`;
  });
  const runLines = [...runs.values()].map((run) => `- ${run.letter}: ${span(run.from, run.to)} UTC, commit ${run.commit}, ${run.machine}`);
  return [
    `${results.apps.length} of ${apps.length} apps. Ours: create-dockerfile --yes. Peer: @flydotio/dockerfile (pinned devDependency) on a copy of the same app, on the same engine. Cold: \`--no-cache\` with package caches warm; rebuild: after a one-line source change, also as a share of the cold build (issue 18's budget: 25%, 50% for Next.js standalone); added: bytes over the runtime base image (stand-in base images, so compare sizes within a row). Times depend on the machine's load: the last column names the run each side comes from (ours / peer):`,
    '',
    ...runLines,
    '',
    '| app | class | expected | ours | size | added | cold | rebuild | rebuild/cold | peer | peer size | peer cold | peer rebuild | peer rebuild/cold | run |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function readmeWithTable(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = JSON.parse(readFileSync(path.join(REAL, 'results.json'), 'utf8'));
  const { apps } = JSON.parse(readFileSync(path.join(REAL, 'apps.json'), 'utf8'));
  const readme = readFileSync(README, 'utf8');
  const next = readmeWithTable(readme, renderTable(results, apps));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the real-world matrix table is not the one test/real/results.json makes; run node test/real/readme-table.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(README, next);
  }
}
