/**
 * Versions the Python stack uses when the repo names none. Pinned here (never read from the
 * machine running the tool) so the same repo gives the same files everywhere; review on each
 * release line change.
 */
export const PYTHON_DEFAULTS = {
  /** Current stable minor: Python 3.15.0 was released on 2026-10-09. */
  python: '3.15',
  /** Minors still supported upstream (3.10 reached end of life in October 2026), newest first. */
  supportedMinors: ['3.15', '3.14', '3.13', '3.12', '3.11'] as const,
  /** Every minor a requires-python range may resolve to when no supported one fits, newest first. */
  knownMinors: ['3.15', '3.14', '3.13', '3.12', '3.11', '3.10', '3.9', '3.8'] as const,
  /** renovate: datasource=docker depName=ghcr.io/astral-sh/uv — never `latest`. */
  uv: '0.13.0',
  /** renovate: datasource=pypi depName=poetry */
  poetry: '2.5.0',
  /** renovate: datasource=pypi depName=pdm */
  pdm: '2.29.0',
  /** renovate: datasource=pypi depName=pipenv */
  pipenv: '2026.6.2',
  /** Port of gunicorn, uvicorn and `manage.py runserver` when nothing else is said. */
  webPort: 8000,
  /** Fixed uid/gid of the non-root user, so volume ownership is predictable. */
  uid: 10001,
  user: 'app',
  venv: '/app/.venv',
} as const;

/**
 * First Pillow release with manylinux wheels for each CPython minor. An exact pin older than
 * this builds from source (needs libjpeg, zlib, freetype headers); a range or no pin gets a
 * wheel. 3.14 and 3.15 use the first release made after that Python's final, a safe bound.
 */
export const PILLOW_FIRST_WHEELS: Readonly<Record<string, string>> = {
  '3.8': '6.2',
  '3.9': '8.0',
  '3.10': '8.3',
  '3.11': '9.3',
  '3.12': '10.1',
  '3.13': '11.0',
  '3.14': '12.0',
  '3.15': '13.0',
};
