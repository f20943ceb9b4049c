#!/usr/bin/env node
/**
 * The installed `create-dockerfile` command (bundled to dist/cli.cjs by scripts/build.mjs; tests
 * run src/cli.ts directly). It runs dist/main.cjs, the bundled CLI, through V8's code cache (see
 * code-cache.ts).
 */
import { join } from 'node:path';
import { runWrapped } from './code-cache.js';

// Bundled as CommonJS, where __dirname is dist/ (this file is never run from src/).
runWrapped(join(__dirname, 'main.cjs'));
