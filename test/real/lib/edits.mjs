/**
 * Named edits applied to a generated app before it enters the matrix. Each one says why in its
 * comment; apps.json names them in `make.edits` and its `note` tells the reader.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function sourceFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (/\.[jt]sx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

/**
 * next/font/google downloads fonts from Google at build time, which this machine cannot reach
 * (../shared/docs/real-engine.md). The fonts become plain CSS: the import and the font
 * constructors go, and their class names become empty strings.
 */
function nextFontPlainCss(dir) {
  let changed = 0;
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('next/font/google')) continue;
    const fonts = [...text.matchAll(/^const (\w+) = \w+\(\{[\s\S]*?\}\);\n/gm)].map((m) => m[1]);
    let out = text.replace(/^import .* from ["']next\/font\/google["'];?\n/m, '').replace(/^const (\w+) = \w+\(\{[\s\S]*?\}\);\n/gm, '');
    for (const font of fonts) {
      out = out.replaceAll(`\${${font}.variable}`, '').replaceAll(`\${${font}.className}`, '');
      out = out.replace(new RegExp(`\\{${font}\\.(?:variable|className)\\}`, 'g'), '""');
    }
    writeFileSync(file, out);
    changed += 1;
  }
  if (changed === 0) throw new Error('next-font-plain-css: no file imports next/font/google');
}

/** Sets Next.js's `output` in next.config.* (standalone server, or a static export). */
function nextOutput(dir, output) {
  const config = ['next.config.ts', 'next.config.mjs', 'next.config.js'].map((f) => path.join(dir, f)).find(existsSync);
  if (config === undefined) throw new Error('next-output: no next.config.*');
  const text = readFileSync(config, 'utf8');
  const out = text.replace(/(const nextConfig[^=]*=\s*\{)/, `$1\n  output: '${output}',`);
  if (out === text) throw new Error(`next-output: could not find the config object in ${config}`);
  writeFileSync(config, out);
}

export const EDITS = {
  'next-font-plain-css': nextFontPlainCss,
  'next-output-standalone': (dir) => nextOutput(dir, 'standalone'),
  'next-output-export': (dir) => {
    nextOutput(dir, 'export');
    // Next.js refuses cacheComponents with a static export (and partialPrefetching without it):
    // a user switching the template to export drops both.
    const config = path.join(dir, 'next.config.ts');
    if (existsSync(config)) writeFileSync(config, readFileSync(config, 'utf8').replace(/^\s*(cacheComponents|partialPrefetching):\s*true,\n/gm, ''));
  },
};
