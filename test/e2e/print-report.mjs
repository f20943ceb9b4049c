// Prints the real-engine measurements as a markdown table (called by .ci/run after the e2e suites).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const rows = existsSync('test/.tmp/e2e-rows.jsonl')
  ? readFileSync('test/.tmp/e2e-rows.jsonl', 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
const mb = (b) => (b === null || b === undefined ? '–' : `${(b / 1e6).toFixed(1)} MB`);
const s = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(1)} s`);
const lines = [
  '| fixture | build (--no-cache; package caches warm) | rebuild after a 1-line source change | image size | added over runtime base | note |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.fixture} | ${s(r.coldSeconds)} | ${s(r.rebuildSeconds)} | ${mb(r.imageBytes)} | ${mb(r.addedBytes)} | ${r.note ?? ''} |`),
];
const table = rows.length === 0 ? 'No real-engine measurements were recorded.' : lines.join('\n');
writeFileSync('e2e-report.md', `${table}\n`);
console.log(table);
