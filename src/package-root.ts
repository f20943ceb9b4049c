import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and templates/. This file sits one level below it both as
 * src/package-root.ts (tests) and inside a bundled file (scripts/build.mjs writes every one directly
 * in dist/), so one relative step is right in both. Other paths into the package start here.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
