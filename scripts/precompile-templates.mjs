#!/usr/bin/env node
/**
 * Build step (after tsc): precompiles templates/*.hbs into dist/render/templates.precompiled.cjs,
 * so the CLI renders built-in templates with the small Handlebars runtime instead of loading the
 * compiler at every start. Without this file (running from src/), or when templates/ changed since
 * it was written (its digest no longer matches), the CLI compiles the templates on the fly.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { precompileTemplates } = await import('../dist/templates/precompile.js');
const out = fileURLToPath(new URL('../dist/render/templates.precompiled.cjs', import.meta.url));
writeFileSync(out, precompileTemplates());
console.log(`precompiled templates → ${out}`);
