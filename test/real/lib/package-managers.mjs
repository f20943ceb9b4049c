/**
 * Converts a finished npm app to another package manager the way a user would: drop npm's
 * lockfile, record `packageManager`, install with that tool (from the npm registry through npx,
 * since corepack cannot verify downloads here) so that it writes its own lockfile.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INSTALL = {
  pnpm: (v) => `npx --yes pnpm@${v} install`,
  bun: (v) => `npx --yes bun@${v} install`,
  yarn: (v) => (v.startsWith('1.') ? `npx --yes yarn@${v} install` : `npx --yes -p @yarnpkg/cli-dist@${v} yarn install`),
};

export async function convertPackageManager(dir, make, sh) {
  const [tool, version] = make.pm.split('@');
  rmSync(path.join(dir, 'package-lock.json'), { force: true });
  rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  const manifestPath = path.join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  // Bun projects rarely declare it; the others write it when set up through corepack.
  if (tool !== 'bun') manifest.packageManager = make.pm;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  if (make.yarnrc !== undefined) {
    writeFileSync(path.join(dir, '.yarnrc.yml'), Object.entries(make.yarnrc).map(([k, v]) => `${k}: ${v}\n`).join(''));
  }
  // An empty yarn.lock marks the project root for Yarn, whatever folders hold it.
  if (tool === 'yarn') writeFileSync(path.join(dir, 'yarn.lock'), '');
  await sh(INSTALL[tool](version));
}
