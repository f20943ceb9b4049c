/**
 * Runs the files a run loads whole (dist/main.cjs, a stack's file, its precompiled templates)
 * through V8's code cache: `<file>.cache` holds the bytecode of what a typical run executes,
 * written by the build's training runs, so a run neither parses nor compiles those functions
 * again. V8 accepts a cache only for the same source text, V8 version and flags, and rejects it
 * otherwise; the file then compiles as usual, just as fast as without a cache. Nothing is written
 * at run time.
 *
 * The files are written by scripts/build.mjs already wrapped as Node.js wraps every CommonJS
 * file, so their text compiles as read, with no second copy made. Memory is the cost here more
 * than instructions: a fresh page costs ~12 µs on the VMs bench/ ran on, so a file and its cache
 * are read into one reused buffer, and the text (ASCII: esbuild escapes the rest) as latin1.
 */
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { requireLater } from './require-later.js';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** How every file this module runs starts: the CommonJS wrapper, as Node.js writes it. */
export const COMMONJS_WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

/**
 * Set only by scripts/build.mjs, for its training runs. A run writes the caches still missing, so
 * the first run to load a file decides what its cache holds: main.cjs's comes from a Node.js app.
 */
const WRITE_CACHE = process.env.CREATE_DOCKERFILE_BUILD_CODE_CACHE === '1';

let buffer = Buffer.alloc(0);

/** The file's size, or -1 when it cannot be read. */
function sizeOf(file: string): number {
  try {
    return statSync(file, { throwIfNoEntry: false })?.size ?? -1;
  } catch {
    return -1;
  }
}

/** The file's bytes, valid until the next read. */
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

/** Runs a wrapped CommonJS file (see above) and returns its exports. */
export function runWrapped(file: string): unknown {
  const cache = `${file}.cache`;
  const cacheSize = WRITE_CACHE ? -1 : sizeOf(cache);
  const size = Math.max(sizeOf(file), cacheSize);
  // Grown, never shrunk: the later, smaller files reuse pages already touched.
  if (buffer.length < size) buffer = Buffer.allocUnsafeSlow(size);
  const source = readBytes(file).toString('latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheSize < 0 ? undefined : readBytes(cache);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename: file, cachedData });
  if (WRITE_CACHE && !existsSync(cache)) process.once('exit', () => writeFileSync(cache, script.createCachedData()));
  const module = { exports: {} };
  // Templates require nothing; the bundles call require() only (test/bundle.test.ts checks it).
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, requireLater(file), module, file, dirname(file));
  return module.exports;
}
