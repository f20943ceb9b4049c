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
  if (first !== undefined) return `fails: ${first.step}`;
  const extras = [result.checks.nonRoot ? '' : 'root', result.checks.healthy ? '' : 'no healthcheck'].filter(Boolean);
  return extras.length === 0 ? 'answers' : `answers (${extras.join(', ')})`;
}

export function renderTable(results, apps) {
  const byName = new Map(results.apps.map((r) => [r.name, r]));
  const rows = apps.map((app) => {
    const r = byName.get(app.name);
    if (r === undefined) return `| ${app.name} | ${app.class} | not run yet | | | | | | | | |`;
    const o = r.ours ?? { checks: {}, failures: [] };
    const expected = app.expect === 'refused' ? `refused (exit ${app.exit})` : 'answers';
    const known = app.known === undefined ? '' : ` (#${app.known.issue})`;
    return `| ${app.name} | ${app.class} | ${expected}${known} | ${cell(ours(r))} | ${mb(o.imageBytes)} | ${mb(o.addedBytes)} | ${sec(o.coldSeconds)} | ${sec(o.rebuildSeconds)} | ${cell(peer(r.peer))} | ${mb(r.peer?.imageBytes)} | ${sec(r.peer?.coldSeconds)} | ${sec(r.peer?.rebuildSeconds)} |`;
  });
  const ran = results.apps.map((r) => r.ranAt).sort();
  const commits = [...new Set(results.apps.map((r) => r.commit))].join(', ');
  return [
    `${results.apps.length} of ${apps.length} apps, run between ${ran[0] ?? '–'} and ${ran.at(-1) ?? '–'} at commit ${commits || '–'}. Ours: create-dockerfile --yes. Peer: @flydotio/dockerfile (pinned devDependency) on a copy of the same app. Cold: \`--no-cache\` with package caches warm; rebuild: after a one-line source change; added: bytes over the runtime base image (stand-in base images, so compare sizes within a row).`,
    '',
    '| app | class | expected | ours | size | added | cold | rebuild | peer | peer size | peer cold | peer rebuild |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
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
