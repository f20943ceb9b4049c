#!/usr/bin/env node
/**
 * `npm run test:real`: the real-world matrix (README.md, "Real-world matrix").
 *
 *   npm run test:real                     every app in apps.json, ours and the peer side by side
 *   npm run test:real -- --only a,b       these apps only (repeatable)
 *   npm run test:real -- --ci             the CI subset (`ci: true` in apps.json), ours only
 *   npm run test:real -- --jobs 2         apps checked at the same time (default 1)
 *   npm run test:real -- --no-peer        skip @flydotio/dockerfile (--peer runs it with --ci)
 *   npm run test:real -- --peer-only      only @flydotio/dockerfile (its figures do not depend on our code)
 *
 * Results go to test/.tmp/real/results.json; a run that is not --ci also merges them into
 * test/real/results.json (committed; the README table is made from it by readme-table.mjs).
 * Each side (ours, peer) carries the run it comes from (ranAt, commit, machine): a run that
 * skips a side keeps that side's earlier result, so the peer runs once, not on every commit.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { checkOurs, checkPeer } from './lib/check.mjs';
import { engineUnavailable } from './lib/engine.mjs';
import { makeApp, REAL } from './lib/make.mjs';
import { README, readmeWithTable, renderTable } from './readme-table.mjs';
import { describe, verdict } from './lib/verdict.mjs';

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true, default: [] },
    ci: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    peer: { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
    'peer-only': { type: 'boolean', default: false },
  },
});

const { apps } = JSON.parse(readFileSync(path.join(REAL, 'apps.json'), 'utf8'));
const only = values.only.flatMap((o) => o.split(',')).filter(Boolean);
const unknown = only.filter((name) => !apps.some((a) => a.name === name));
if (unknown.length > 0) {
  console.error(`no such app in apps.json: ${unknown.join(', ')}`);
  process.exit(2);
}
// --only keeps the order it is given in (slow apps last gets the quick answers first).
const selected = only.length > 0 ? only.map((name) => apps.find((a) => a.name === name)) : apps.filter((a) => !values.ci || a.ci === true);
const isNode = (app) => !['go', 'python'].includes(app.class);
const withOurs = !values['peer-only'];
// The peer's cold builds install a compiler toolchain each time (minutes per app): CI's time
// budget keeps it to the full runs whose figures the README shows.
const withPeer = values.peer || values['peer-only'] || (!values.ci && !values['no-peer']);

const why = await engineUnavailable();
if (why !== null) {
  // Not a pass: the matrix did not run.
  console.error(`test:real cannot run: ${why}`);
  process.exit(3);
}

const workRoot = path.join(tmpdir(), 'create-dockerfile-real-run');
const commit = (await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: REAL, reject: false })).stdout.trim();
const startedAt = new Date().toISOString();
// What the figures were measured on: build times mean little without the machine's load.
const machine = `${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at start`;
const records = [];

/** A side's result stamped with the run it comes from. */
const stamped = (result) => ({ ranAt: new Date().toISOString(), commit, machine, ...result });

async function checkApp(app, index) {
  const started = performance.now();
  const record = { name: app.name, class: app.class, expect: app.expect, ranAt: new Date().toISOString(), commit, machine };
  try {
    const dir = await makeApp(app);
    // Host ports: four per app (ours, ours' compose, peer, peer spare), away from common ports.
    const port = 41000 + index * 4;
    if (withOurs) record.ours = stamped(await checkOurs(app, dir, workRoot, port));
    if (isNode(app) && withPeer) record.peer = stamped(await checkPeer(app, dir, workRoot, port + 2));
  } catch (error) {
    record.ours = stamped({ checks: {}, failures: [{ step: 'make', detail: error.message }] });
  }
  record.seconds = (performance.now() - started) / 1000;
  if (record.ours !== undefined) {
    Object.assign(record, verdict(app, record.ours));
    console.log(`${describe(app, record)}  [${record.seconds.toFixed(0)} s]`);
  } else if (record.peer !== undefined) {
    const first = record.peer.skipped ?? record.peer.failures[0]?.step;
    console.log(`peer ${app.name}: ${first === undefined ? 'answers' : `fails at ${first}`}  [${record.seconds.toFixed(0)} s]`);
  }
  records.push(record);
  if (!values.ci) mergeIntoCommitted(record);
}

const order = new Map(apps.map((a, i) => [a.name, i]));

/**
 * A new record replaces the app's earlier one side by side: a side this run skipped (the peer
 * with --no-peer, ours with --peer-only) keeps its earlier result and the run it came from.
 */
function mergeRecord(previous, record) {
  if (previous === undefined) return record;
  const earlier = (side) => (previous[side] === undefined ? undefined : { ranAt: previous.ranAt, commit: previous.commit, ...previous[side] });
  if (record.ours === undefined) {
    const { peer, seconds } = record;
    return { ...previous, ours: earlier('ours'), peer, peerSeconds: seconds };
  }
  return record.peer === undefined && previous.peer !== undefined ? { ...record, peer: earlier('peer') } : record;
}

/** Each app's record goes into test/real/results.json as soon as it is known (a long run may be cut short). */
function mergeIntoCommitted(record) {
  const committed = path.join(REAL, 'results.json');
  const previous = existsSync(committed) ? JSON.parse(readFileSync(committed, 'utf8')).apps : [];
  const merged = [...previous.filter((p) => p.name !== record.name && order.has(p.name)), mergeRecord(previous.find((p) => p.name === record.name), record)];
  merged.sort((a, b) => order.get(a.name) - order.get(b.name));
  const results = { note: 'Made by npm run test:real; each side (ours, peer) carries the run (ranAt, commit, machine) it comes from.', apps: merged };
  writeFileSync(committed, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(README, readmeWithTable(readFileSync(README, 'utf8'), renderTable(results, apps)));
}

console.log(`test:real: ${selected.length} apps, ${Number(values.jobs)} at a time, ${machine}, commit ${commit}${withOurs ? '' : ', peer only'}${withPeer ? '' : ', no peer'}`);
const queue = selected.map((app) => [app, apps.indexOf(app)]);
await Promise.all(Array.from({ length: Math.max(1, Number(values.jobs)) }, async () => {
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) await checkApp(...next);
}));

mkdirSync(path.join(REAL, '../.tmp/real'), { recursive: true });
const run = { startedAt, finishedAt: new Date().toISOString(), commit, cores: cpus().length, ci: values.ci, apps: records };
writeFileSync(path.join(REAL, '../.tmp/real/results.json'), `${JSON.stringify(run, null, 2)}\n`);

const count = (v) => records.filter((r) => r.verdict === v).length;
for (const r of records.filter((x) => x.verdict === 'fixed')) console.log(`fixed: remove the known entry of ${r.name} in test/real/apps.json`);
const extra = ['known', 'fixed', 'skipped'].map((v) => [v, count(v)]).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`);
console.log(`${count('passed') + count('fixed')} passed, ${count('failed')} failed${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`);
process.exit(count('failed') > 0 ? 1 : 0);
