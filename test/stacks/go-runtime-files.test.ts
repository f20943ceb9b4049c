import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { go } from '../../src/stacks/go/index.js';
import { diskPath, runtimeReadsIn } from '../../src/stacks/go/runtime-files.js';
import { FIXTURES, runCli, tempRepos, type JsonOutput } from '../helpers.js';

const repo = tempRepos('cdf-goruntime-');

const mod = 'module example.com/app\n\ngo 1.27\n';
const main = (body: string, imports = '"net/http"'): string => `package main\n\nimport (\n\t${imports}\n)\n\nfunc main() {\n${body}\n}\n`;

async function runtimePaths(files: Record<string, string>): Promise<readonly string[]> {
  const detection = await go.detect(await createProject(await repo({ 'go.mod': mod, ...files })));
  return detection?.facts.runtimePaths ?? [];
}

describe('paths in calls that read from disk', () => {
  it.each([
    ['templates/*', 'templates'],
    ['./templates/**/*.html', 'templates'],
    ['templates/page-*.html', 'templates'],
    ['config/app.yaml', 'config/app.yaml'],
    ['/etc/ssl/certs', null],
    ['../shared', null],
    ['*.html', null],
    ['postgres://u@h/db', null],
  ])('%s → %s', (literal, expected) => {
    expect(diskPath(literal)).toBe(expected);
  });

  it('finds gin, net/http, html/template, os and golang-migrate reads (existence in the repo decides later)', () => {
    const text = 'r.LoadHTMLGlob("templates/*")\nr.Static("/assets", "./public")\nhttp.Dir("static")\ntemplate.ParseFiles(filepath.Join("views", "a.html"))\nos.ReadFile("config.json")\nmigrate.New("file://migrations", dsn)\n';
    expect(runtimeReadsIn('main.go', text).map((r) => r.path)).toEqual(['templates', 'public', 'static', 'views', 'a.html', 'config.json', 'migrations']);
  });
});

describe('files read at run time are copied into the runtime image', () => {
  it('keeps only paths that exist, and folds files into their folder', async () => {
    const paths = await runtimePaths({
      'main.go': main('r := gin.Default()\nr.LoadHTMLGlob("templates/*")\nr.LoadHTMLFiles("templates/index.html")\ndb, _ := sql.Open("postgres", dsn)\n_ = db\nr.Static("/static", "./static")\n', '"database/sql"\n\t"github.com/gin-gonic/gin"'),
      'templates/index.html': '<h1>hi</h1>',
      'static/app.css': '',
    });
    expect(paths).toEqual(['templates', 'static']);
  });

  it('//go:embed needs nothing: the files are in the binary', async () => {
    const paths = await runtimePaths({
      'main.go': 'package main\n\nimport (\n\t"embed"\n\t"html/template"\n)\n\n//go:embed templates/*\nvar files embed.FS\n\nfunc main() { template.Must(template.ParseFS(files, "templates/*.html")) }\n',
      'templates/index.html': '',
    });
    expect(paths).toEqual([]);
  });

  it('the runtime stage works in /app and copies each path next to the binary, on every base', async () => {
    for (const base of ['distroless', 'scratch', 'alpine']) {
      const result = await runCli([path.join(FIXTURES, 'go-runtime-files'), '--yes', '--dry-run', '--json', '--only', 'dockerfile', '--base', base], FIXTURES);
      const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files[0]?.contents ?? '';
      const production = dockerfile.slice(dockerfile.indexOf('AS production'));
      expect(production).toMatch(/WORKDIR \/app\n/);
      for (const p of ['templates', 'config/greeting.txt', 'static']) expect(production).toContain(`COPY ${p} ./${p}\n`);
    }
  });

  it('an app that exits without PORT gets ENV PORT with the port it is given', async () => {
    const result = await runCli([path.join(FIXTURES, 'go-runtime-files'), '--yes', '--dry-run', '--json', '--only', 'dockerfile', '--port', '9090'], FIXTURES);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files[0]?.contents ?? '';
    expect(dockerfile.slice(dockerfile.indexOf('AS production'))).toMatch(/ENV PORT=9090\n[\s\S]*EXPOSE 9090/);
  });
});
