import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { python } from '../../src/stacks/python/index.js';
import { gunicornConfFrom } from '../../src/stacks/python/servers.js';
import { runCli, tempRepos, type JsonOutput } from '../helpers.js';

const repo = tempRepos('cdf-pystart-');

async function detectIn(files: Record<string, string>) {
  return python.detect(await createProject(await repo(files)));
}

async function dockerfileOf(files: Record<string, string>): Promise<{ dockerfile: string; stdout: string }> {
  const dir = await repo(files);
  const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile'], dir);
  expect(result.stderr).toBe('');
  const json = JSON.parse(result.stdout) as JsonOutput;
  const text = await runCli([dir, '--yes', '--dry-run', '--only', 'dockerfile'], dir);
  return { dockerfile: json.files.find((f) => f.path === 'Dockerfile')?.contents ?? '', stdout: text.stdout };
}

const FLASK_APP = 'from flask import Flask\n\napp = Flask(__name__)\n';

describe('the start command is what the app runs', () => {
  it('a project that lists Flask but defines no app object runs its entry script, without a warning', async () => {
    const d = await detectIn({ 'requirements.txt': 'flask\n', 'main.py': 'import flask\nprint(flask.__version__)\n' });
    expect(d?.values.startCommand).toEqual(['python', 'main.py']);
    expect(d?.warnings.join('\n')).not.toMatch(/pass --cmd/);
    expect(d?.evidence).toContainEqual({ file: '(default)', reason: 'flask is a dependency but no module defines `app = Flask(…)`: the entry script runs as it is' });
  });

  it('a lone main.py with no manifest is a standard-library app', async () => {
    const d = await detectIn({ 'main.py': 'from http.server import HTTPServer, BaseHTTPRequestHandler\nHTTPServer(("", 9000), BaseHTTPRequestHandler).serve_forever()\n' });
    expect(d?.stack).toBe('python');
    expect(d?.values.startCommand).toEqual(['python', 'main.py']);
    expect(d?.values.port).toBe(9000);
    expect(d?.evidence[0]).toEqual({ file: 'main.py', reason: 'a lone Python script and no manifest: a standard-library app' });
  });

  it('a lone bot.py is an app; two scripts, or a Java build next to one, are not', async () => {
    expect((await detectIn({ 'bot.py': 'print(1)\n' }))?.values.startCommand).toEqual(['python', 'bot.py']);
    expect(await detectIn({ 'main.py': '', 'app.py': '' })).toBeNull();
    expect(await detectIn({ 'app.py': '', 'pom.xml': '<project/>' })).toBeNull();
  });

  it('a package with __main__.py at the root runs with python -m', async () => {
    const d = await detectIn({ 'pyproject.toml': '[project]\nname = "my-tool"\nversion = "1"\n', 'my_tool/__init__.py': '', 'my_tool/__main__.py': 'print(1)\n' });
    expect(d?.values.startCommand).toEqual(['python', '-m', 'my_tool']);
  });

  it('FastHTML serve() runs the file itself, on 5001 unless told', async () => {
    const app = 'from fasthtml.common import *\n\napp, rt = fast_app()\n\n@rt("/")\ndef get(): return P("hi")\n\nserve()\n';
    const d = await detectIn({ 'requirements.txt': 'python-fasthtml\n', 'main.py': app });
    expect(d?.values.startCommand).toEqual(['python', 'main.py']);
    expect(d?.values.port).toBe(5001);
    expect((await detectIn({ 'requirements.txt': 'python-fasthtml\n', 'main.py': app.replace('serve()', 'serve(port=8123)') }))?.values.port).toBe(8123);
  });
});

describe('gunicorn.conf.py', () => {
  it('reads the bind: every interface needs no --bind; loopback or none gets one on its port', () => {
    expect(gunicornConfFrom('bind = "0.0.0.0:5000"\nworkers = 2\n')).toEqual({ port: 5000, bindsAll: true });
    expect(gunicornConfFrom("bind = [':7000']\n")).toEqual({ port: 7000, bindsAll: true });
    expect(gunicornConfFrom('bind = "127.0.0.1:7000"\n')).toEqual({ port: 7000, bindsAll: false });
    expect(gunicornConfFrom('import os\nbind = f"0.0.0.0:{os.environ.get(\'PORT\', \'9001\')}"\n')).toEqual({ port: 9001, bindsAll: true });
    expect(gunicornConfFrom('workers = 4\n')).toEqual({ port: 8000, bindsAll: false });
  });

  it('the command leaves the bind to the file, and the port follows it', async () => {
    const d = await detectIn({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': FLASK_APP, 'gunicorn.conf.py': 'bind = "0.0.0.0:5000"\n' });
    expect(d?.values.startCommand).toEqual(['gunicorn', 'app:app']);
    expect(d?.values.port).toBe(5000);
    const loopback = await detectIn({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': FLASK_APP, 'gunicorn.conf.py': 'bind = "127.0.0.1:7000"\n' });
    expect(loopback?.values.startCommand).toEqual(['gunicorn', 'app:app', '--bind', '0.0.0.0:7000']);
  });
});

describe('the image has the server it starts', () => {
  const django = {
    'requirements.txt': 'django==5.2\n',
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    'mysite/__init__.py': '',
    'mysite/settings.py': 'STATIC_URL = "static/"\n',
    'mysite/wsgi.py': 'application = None\n',
  };

  it('Django without gunicorn gets a pinned gunicorn installed into the venv, with a note', async () => {
    const { dockerfile, stdout } = await dockerfileOf(django);
    expect(dockerfile).toMatch(/RUN --mount=type=cache,target=\/root\/\.cache\/pip \/usr\/local\/bin\/python -m pip --python \/app\/\.venv\/bin\/python install gunicorn==\d+\.\d+\.\d+/);
    expect(dockerfile).toContain('CMD ["gunicorn", "mysite.wsgi", "--bind", "0.0.0.0:8000"]');
    expect(stdout).toContain('installed into the image at build because the start command needs it');
  });

  it('nothing is added when gunicorn is a dependency', async () => {
    const { dockerfile } = await dockerfileOf({ ...django, 'requirements.txt': 'django==5.2\ngunicorn==23.0.0\n' });
    expect(dockerfile).not.toContain('pip --python');
  });

  it('collectstatic runs at build only when static files are configured (STATIC_ROOT), and production gets them', async () => {
    const configured = await dockerfileOf({ ...django, 'mysite/settings.py': 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = "static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n' });
    expect(configured.dockerfile).toContain('RUN python manage.py collectstatic --noinput\n');
    expect(configured.dockerfile).toContain('COPY --from=build /app/staticfiles ./staticfiles\n');
    expect((await dockerfileOf(django)).dockerfile).not.toContain('collectstatic');
  });

  it('an ASGI app without uvicorn gets it', async () => {
    const d = await detectIn({ 'requirements.txt': 'fastapi\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(d?.facts.start.installServers).toEqual([expect.stringMatching(/^uvicorn==/)]);
  });
});

describe('build inputs', () => {
  it('git dependencies put git in the build stage only', async () => {
    const { dockerfile } = await dockerfileOf({ 'requirements.txt': 'requests\nmylib @ git+https://github.com/example/mylib.git@v1\n', 'main.py': 'print(1)\n' });
    const [builder, production] = [dockerfile.split('FROM base AS builder')[1]?.split('\nFROM ')[0] ?? '', dockerfile.split('AS production')[1] ?? ''];
    expect(builder).toMatch(/apt-get install -y --no-install-recommends git/);
    expect(production).not.toMatch(/\bgit\b/);
  });

  it('pytest runs only when there are tests; otherwise the target says so and passes', async () => {
    const none = await detectIn({ 'requirements.txt': 'pytest\n', 'main.py': 'print(1)\n' });
    expect(none?.facts.test).toMatch(/^echo "No test files .*" && python -m compileall/);
    const some = await detectIn({ 'requirements.txt': 'pytest\n', 'main.py': 'print(1)\n', 'tests/test_main.py': 'def test_ok(): pass\n' });
    expect(some?.facts.test).toBe('python -m pytest');
    // A package's tests in sub-folders of its tests/ (app/tests/api/routes/) are collected by pytest too.
    const nested = await detectIn({ 'requirements.txt': 'pytest\n', 'app/main.py': 'print(1)\n', 'app/tests/__init__.py': '', 'app/tests/api/routes/test_items.py': 'def test_ok(): pass\n' });
    expect(nested?.facts.test).toBe('python -m pytest');
  });
});
