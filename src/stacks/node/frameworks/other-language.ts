import type { Project } from '../../../types.js';

/**
 * Files that make a repo another language's app even when it has a package.json: front-end
 * tooling (Vite, esbuild, Tailwind) is often installed with npm to build assets for a Ruby, PHP or
 * Elixir server. Only languages with no stack of their own here are listed: Go, Python and Java
 * repos go to their own stacks.
 */
const MARKERS: readonly { readonly files: readonly string[]; readonly language: string }[] = [
  { files: ['Gemfile', 'config.ru'], language: 'Ruby (a Rack/Rails app)' },
  { files: ['composer.json', 'artisan'], language: 'PHP (a Laravel app)' },
  { files: ['composer.json'], language: 'PHP' },
  { files: ['mix.exs'], language: 'Elixir' },
  { files: ['Gemfile'], language: 'Ruby' },
];

/** Marker files of a language this tool has a stack for: the repo is left to that stack. */
const OWN_STACK_MARKERS = ['go.mod', 'pyproject.toml', 'requirements.txt', 'manage.py', 'Pipfile', 'pom.xml', 'build.gradle', 'build.gradle.kts'];

/** The program a Procfile's web process starts → its language. */
const PROCFILE_PROGRAMS: readonly [RegExp, string][] = [
  [/^(bundle|rails|puma|rackup|unicorn|ruby|thin)$/, 'Ruby'],
  [/^(php|heroku-php-\w+|vendor\/bin\/heroku-php-\w+|frankenphp)$/, 'PHP'],
  [/^(gunicorn|uvicorn|python3?|waitress-serve|daphne|hypercorn)$/, 'Python'],
  [/^(mix|elixir)$/, 'Elixir'],
  [/^(java|dotnet)$/, 'Java or .NET'],
];

export type OtherLanguage = { readonly kind: 'unsupported'; readonly language: string; readonly files: readonly string[] } | { readonly kind: 'own-stack'; readonly file: string };

/** The non-Node language whose server this repo is, judged by its marker files; null when none. */
export async function otherLanguage(project: Project, at: (f: string) => string): Promise<OtherLanguage | null> {
  for (const file of OWN_STACK_MARKERS) if (await project.exists(at(file))) return { kind: 'own-stack', file };
  for (const marker of MARKERS) {
    const present = await Promise.all(marker.files.map((f) => project.exists(at(f))));
    if (present.every(Boolean)) return { kind: 'unsupported', language: marker.language, files: marker.files };
  }
  const procfile = await project.readText(at('Procfile')).catch(() => null);
  const web = procfile === null ? undefined : /^web:\s*(\S+)/m.exec(procfile)?.[1];
  const language = web === undefined ? undefined : PROCFILE_PROGRAMS.find(([pattern]) => pattern.test(web))?.[1];
  return language === undefined ? null : { kind: 'unsupported', language: `${language} (the Procfile's web process)`, files: ['Procfile'] };
}
