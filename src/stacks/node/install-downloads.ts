import type { Evidence } from '../../types.js';
import { expandedScript, type PackageJson } from './package-json.js';

/**
 * Dev tools whose install script downloads a large binary that only their own command uses
 * (Cypress: its test runner, a few hundred MB from download.cypress.io), and the variable that
 * skips the download. The image never runs them unless the test script does.
 */
const BINARY_DOWNLOADS: readonly { readonly pkg: string; readonly name: string; readonly value: string }[] = [
  { pkg: 'cypress', name: 'CYPRESS_INSTALL_BINARY', value: '0' },
];

/**
 * ENV lines for the install stages: downloads the image does not need, skipped. `installFrom` is
 * the package.json the install runs from (a workspace member's is the root's); `app` has the test script the image runs.
 */
export function skippedDownloads(installFrom: PackageJson, app: PackageJson, evidence: Evidence[], file: string): { readonly name: string; readonly value: string }[] {
  const test = expandedScript(app, 'test') ?? '';
  return BINARY_DOWNLOADS.filter(({ pkg: name }) => {
    if (!(name in installFrom.devDependencies) || name in installFrom.dependencies || new RegExp(`\\b${name}\\b`).test(test)) return false;
    evidence.push({ file, reason: `${name} is a devDependency the test script does not run: its binary download is skipped at install` });
    return true;
  }).map(({ name, value }) => ({ name, value }));
}
