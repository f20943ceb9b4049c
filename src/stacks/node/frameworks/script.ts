import { splitCommand, splitEnvPrefix } from '../../../shell-words.js';
import type { PackageJson } from '../package-json.js';

/** A package.json script, read the way a shell would run it. */
export type StartScript =
  /** One command: leading `NAME=value` words are its environment. */
  | { readonly kind: 'simple'; readonly env: Readonly<Record<string, string>>; readonly words: readonly string[] }
  /** Operators, expansions or redirections: only a shell can run it. */
  | { readonly kind: 'compound'; readonly text: string };

export function parseScript(text: string): StartScript {
  const words = splitCommand(text);
  if (words === null) return { kind: 'compound', text };
  const { env, command } = unwrapEnvLaunchers(splitEnvPrefix(words));
  return command.length === 0 ? { kind: 'compound', text } : { kind: 'simple', env, words: command };
}

/**
 * Launchers that only set the environment, then run the real command: `cross-env NAME=value node
 * server.js` (its variables are the command's environment) and `dotenv [-e file…] -- node
 * server.js` (dotenv-cli loads .env files, which a container gets from its runtime instead). The
 * real command decides the entry file, the port and which packages the image needs.
 */
function unwrapEnvLaunchers(parsed: { env: Record<string, string>; command: string[] }): { env: Record<string, string>; command: string[] } {
  const [launcher, ...rest] = parsed.command;
  if (launcher === 'cross-env') {
    const inner = splitEnvPrefix(rest);
    return unwrapEnvLaunchers({ env: { ...parsed.env, ...inner.env }, command: inner.command });
  }
  const separator = rest.indexOf('--');
  if ((launcher === 'dotenv' || launcher === 'dotenv-cli') && separator !== -1) {
    return unwrapEnvLaunchers({ env: parsed.env, command: rest.slice(separator + 1) });
  }
  return parsed;
}

/**
 * Binaries whose package has another name. A binary not listed here is looked for as a
 * dependency of the same name (`tsx`, `nuxt`, `astro`, `next`, `serve`).
 */
const BIN_PACKAGES: Readonly<Record<string, string>> = {
  'remix-serve': '@remix-run/serve',
  'react-router-serve': '@react-router/serve',
  nest: '@nestjs/cli',
  fastify: 'fastify-cli',
  ng: '@angular/cli',
  'svelte-kit': '@sveltejs/kit',
  'pm2-runtime': 'pm2',
  'babel-node': '@babel/node',
  sirv: 'sirv-cli',
  'react-scripts': 'react-scripts',
};

/** The dependency that provides `bin`, and whether it is only a devDependency; null when none does. */
export function binPackage(pkg: PackageJson, bin: string): { readonly name: string; readonly dev: boolean } | null {
  const name = BIN_PACKAGES[bin] ?? bin;
  if (name in pkg.dependencies) return { name, dev: false };
  if (name in pkg.devDependencies) return { name, dev: true };
  return null;
}

/** Where an image finds a dependency's binary: the package managers link them all here. */
export function binPath(bin: string): string {
  return `node_modules/.bin/${bin}`;
}

/**
 * Development servers: a `start` script that runs one of these (Create React App's
 * `react-scripts start`, `vite`, `ng serve`, `astro dev`) is not how the app runs in production,
 * so the framework's own production shape decides instead.
 */
export function isDevServer(words: readonly string[]): boolean {
  const [bin, sub] = words;
  switch (bin) {
    case 'vite':
      return sub === undefined || sub === 'dev' || sub === 'serve' || sub.startsWith('-');
    case 'react-scripts':
      return sub === 'start';
    case 'ng':
      return sub === 'serve' || sub === 's';
    case 'astro':
    case 'nuxt':
    case 'nuxi':
    case 'remix':
    case 'react-router':
    case 'next':
      return sub === 'dev';
    case 'svelte-kit':
    case 'nodemon':
    case 'webpack-dev-server':
      return true;
    default:
      return false;
  }
}
