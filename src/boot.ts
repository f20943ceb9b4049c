#!/usr/bin/env node
/**
 * The installed `create-dockerfile` command (bundled to dist/cli.cjs by scripts/build.mjs; tests
 * run src/cli.ts directly). It runs dist/main.cjs, the bundled CLI, through V8's code cache:
 * dist/main.cjs.cache holds the bytecode of what a typical run executes, written at build time,
 * so a run neither parses nor compiles those functions again. V8 accepts the cache only from the
 * same V8 version and flags, and rejects it otherwise; the run then compiles as usual, just as
 * fast as without a cache. Nothing is written at run time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

// Bundled as CommonJS, where __dirname is dist/ (this file is never run from src/).

const MAIN = path.join(__dirname, 'main.cjs');
const CACHE = `${MAIN}.cache`;

/** Set only by scripts/build.mjs, for the one run that writes the cache. */
const WRITE_CACHE = process.env.CREATE_DOCKERFILE_BUILD_CODE_CACHE === '1';

function readCache(): Buffer | undefined {
  if (WRITE_CACHE) return undefined;
  try {
    return readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

// The wrapper Node.js gives every CommonJS file, on one line so line numbers in traces still match.
const source = readFileSync(MAIN, 'utf8');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: MAIN,
  cachedData: readCache(),
});
if (WRITE_CACHE) process.once('exit', () => writeFileSync(CACHE, script.createCachedData()));

const main = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(main.exports, createRequire(MAIN), main, MAIN, path.dirname(MAIN));
