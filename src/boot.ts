#!/usr/bin/env node
/**
 * The installed `create-dockerfile` command (bundled to dist/cli.cjs by scripts/build.mjs; tests
 * run src/cli.ts directly). It runs dist/main.cjs, the bundled CLI, through V8's code cache:
 * dist/main.cjs.cache holds the bytecode of what a typical run executes, written at build time,
 * so a run neither parses nor compiles those functions again. V8 accepts the cache only from the
 * same V8 version and flags, and rejects it otherwise; the run then compiles as usual, just as
 * fast as without a cache. Nothing is written at run time.
 *
 * Memory is the cost here, more than instructions: a fresh page costs ~12 µs on the VMs we
 * measured (bench/), and the two files are ~150 pages. So both are read into one buffer, and
 * main.cjs comes already wrapped as a function, with no second copy of its text to make.
 */
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

// Bundled as CommonJS, where __dirname is dist/ (this file is never run from src/).

const MAIN = path.join(__dirname, 'main.cjs');
const CACHE = `${MAIN}.cache`;

/** Set only by scripts/build.mjs, for the one run that writes the cache. */
const WRITE_CACHE = process.env.CREATE_DOCKERFILE_BUILD_CODE_CACHE === '1';

/** The size of each file, or -1 when it cannot be read. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

const sizes = { main: sizeOf(MAIN), cache: WRITE_CACHE ? -1 : sizeOf(CACHE) };
/** One buffer for both files: main.cjs becomes a string before the cache is read over it. */
const buffer = Buffer.allocUnsafeSlow(Math.max(sizes.main, sizes.cache, 0));

/** The file's bytes, in `buffer` until the next read. */
function readBytes(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, null);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function readCache(): Buffer | undefined {
  if (sizes.cache < 0) return undefined;
  try {
    return readBytes(CACHE);
  } catch {
    return undefined;
  }
}

// main.cjs is ASCII (esbuild escapes the rest), so latin1 is its exact text and needs no decoding.
const source = readBytes(MAIN).toString('latin1');
// main.cjs evaluates to the wrapper Node.js gives every CommonJS file (scripts/build.mjs).
const script = new vm.Script(source, { filename: MAIN, cachedData: readCache() });
if (WRITE_CACHE) process.once('exit', () => writeFileSync(CACHE, script.createCachedData()));

const main = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(main.exports, createRequire(MAIN), main, MAIN, path.dirname(MAIN));
