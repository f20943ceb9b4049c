import { COMMON_IGNORE } from '../shared.js';

/**
 * Never lists manifests, lockfiles, README (a pyproject `readme` is read when the project is
 * built) or tests (the test target runs them): the Dockerfile copies those.
 */
export function pythonIgnore(generated: readonly string[]): string[] {
  return [
    '# Virtual environments are built inside the image',
    '.venv',
    'venv',
    '__pypackages__',
    '',
    '# Bytecode, caches and build output',
    '**/__pycache__',
    '**/*.py[cod]',
    '*.egg-info',
    'build',
    'dist',
    '.pytest_cache',
    '.mypy_cache',
    '.ruff_cache',
    '.tox',
    '.nox',
    '.coverage',
    'htmlcov',
    ...generated,
    '',
    ...COMMON_IGNORE,
    '',
  ];
}
