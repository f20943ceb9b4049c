import type { Env } from 'dockerfile-ast';
import type { Model, RunInfo } from '../model.js';
import { chain, isFinalChain } from '../model.js';
import type { ShellCommand } from '../shell.js';
import { hasFlag, positionals } from '../shell.js';
import type { Rule } from '../types.js';
import { commands, perRun } from './run.js';

/** `apt-get <sub>` / `apt <sub>` invocations (first positional is the subcommand). */
function apt(r: RunInfo, sub: string, tools: readonly string[] = ['apt-get', 'apt']): ShellCommand[] {
  return r.parsed.commands.filter((c) => tools.includes(c.name) && positionals(c.args, ['-o', '-c', '-t'])[0] === sub);
}

function cacheMount(r: RunInfo, test: (target: string) => boolean): boolean {
  return r.mounts.some((mt) => (mt.type === 'cache' || mt.type === 'tmpfs') && test(mt.target.replace(/\/+$/, '')));
}

function pipInstalls(r: RunInfo): ShellCommand[] {
  return r.parsed.commands.flatMap((c) => {
    if (/^pip[0-9.]*$/.test(c.name) && c.args[0] === 'install') return [c];
    if (/^python[0-9.]*$/.test(c.name) && c.args[0] === '-m' && c.args[1] === 'pip' && c.args[2] === 'install') {
      return [{ ...c, name: 'pip', args: c.args.slice(2) }];
    }
    return [];
  });
}

function envInScope(m: Model, r: RunInfo, name: string): boolean {
  const line = r.run.getRange().start.line;
  return chain(r.stage).some((s) => s.instructions.some((i) =>
    i.getKeyword() === 'ENV' && (s !== r.stage || i.getRange().start.line < line)
    && (i as Env).getProperties().some((p) => p.getName() === name)));
}

const LOCAL_OR_URL = /^(\.|\/|~|[a-z+]+:\/\/|git\+|github:|file:)|\.(tgz|tar\.gz|whl|zip)$/i;

export const packageRules: Rule<Model>[] = [
  {
    id: 'DL3014', aliases: ['DS-0021'], severity: 'warning',
    message: 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`.',
    hint: 'Add `-y` to apt-get install.',
    check: perRun((r) => apt(r, 'install').some((c) => !hasFlag(c.args, ['--yes', '--assume-yes', '-qq', '-q=2'], 'y'))),
  },
  {
    id: 'DL3015', aliases: ['DS-0029'], severity: 'warning',
    message: 'Avoid additional packages by specifying `--no-install-recommends`.',
    hint: 'Add `--no-install-recommends` to apt-get install.',
    check: perRun((r) => apt(r, 'install').some((c) =>
      !c.args.includes('--no-install-recommends') && !c.args.some((a) => /APT::Install-Recommends=(false|0)/i.test(a)))),
  },
  {
    id: 'DL3009', aliases: [], severity: 'warning',
    message: 'Delete the apt-get lists after installing something.',
    hint: 'End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use `--mount=type=cache,target=/var/lib/apt`.',
    // Only stages that end up in the final image matter: builder layers are thrown away.
    check: perRun((r, m) => isFinalChain(m, r.stage) && apt(r, 'update').length > 0
      && !commands(r, 'rm').some((c) => c.args.some((a) => a.startsWith('/var/lib/apt/lists')))
      && !cacheMount(r, (t) => t === '/var/lib/apt' || t === '/var/lib/apt/lists')),
  },
  {
    id: 'DS-0017', aliases: [], severity: 'warning',
    message: '`apt-get update` and `apt-get install` should be in the same RUN.',
    hint: 'Write `RUN apt-get update && apt-get install -y --no-install-recommends …` in one instruction.',
    check: perRun((r) => {
      const update = apt(r, 'update').length > 0;
      // Installing local .deb files needs no package lists.
      const install = apt(r, 'install').some((c) => positionals(c.args, ['-o', '-t']).slice(1).some((p) => !/^[./]/.test(p)));
      if (update && !install) return '`apt-get update` without `apt-get install` in the same RUN leaves a stale cache layer.';
      if (install && !update && !cacheMount(r, (t) => t.startsWith('/var/lib/apt'))) return '`apt-get install` without `apt-get update` in the same RUN uses stale (or no) package lists.';
      return false;
    }),
  },
  {
    id: 'DL3027', aliases: [], severity: 'warning',
    message: 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead.',
    hint: 'Replace `apt` with `apt-get`.',
    check: perRun((r) => commands(r, 'apt').length > 0),
  },
  {
    id: 'DS-0024', aliases: [], severity: 'warning',
    message: 'Do not run `apt-get dist-upgrade` in a Dockerfile.',
    hint: 'Pin a newer base image tag instead of upgrading the distribution.',
    check: perRun((r) => apt(r, 'dist-upgrade').length > 0),
  },
  {
    id: 'DL3019', aliases: ['DS-0025'], severity: 'warning',
    message: 'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*`.',
    hint: 'Write `apk add --no-cache <package>`.',
    check: perRun((r) => commands(r, 'apk').some((c) => positionals(c.args)[0] === 'add' && !c.args.includes('--no-cache'))
      && !cacheMount(r, (t) => t === '/var/cache/apk' || t === '/etc/apk/cache')),
  },
  {
    id: 'DL3042', aliases: [], severity: 'warning',
    message: 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`.',
    hint: 'Add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or use `--mount=type=cache,target=/root/.cache/pip`.',
    check: perRun((r, m) => pipInstalls(r).some((c) =>
      !c.args.includes('--no-cache-dir') && !c.assignments.some((a) => a.startsWith('PIP_NO_CACHE_DIR=')))
      && !envInScope(m, r, 'PIP_NO_CACHE_DIR')
      && !cacheMount(r, (t) => /\/\.cache(\/pip)?$/.test(t) || t.endsWith('/pip'))),
  },
  {
    id: 'DL3060', aliases: [], severity: 'info',
    message: '`yarn cache clean` missing after `yarn install` was run.',
    hint: 'Add `&& yarn cache clean`, or use `--mount=type=cache,target=/usr/local/share/.cache/yarn`.',
    check: perRun((r) => commands(r, 'yarn').some((c) => ['install', undefined].includes(positionals(c.args)[0]))
      && !commands(r, 'yarn').some((c) => c.args[0] === 'cache' && c.args[1] === 'clean')
      && !cacheMount(r, (t) => t.includes('yarn'))),
  },
  {
    id: 'DL3016', aliases: [], severity: 'warning',
    message: 'Pin versions in npm. Instead of `npm install -g <package>` use `npm install -g <package>@<version>`.',
    hint: 'Pin global packages, e.g. `npm install -g pm2@5.4.2` (prefer corepack for pnpm/yarn).',
    check: perRun((r) => commands(r, 'npm').some((c) => {
      const pos = positionals(c.args, ['--prefix', '--registry']);
      if (!['install', 'i', 'add'].includes(pos[0] ?? '') || !hasFlag(c.args, ['--global'], 'g')) return false;
      return pos.slice(1).some((p) => !LOCAL_OR_URL.test(p) && p.lastIndexOf('@') <= 0);
    })),
  },
  {
    id: 'DL3062', aliases: [], severity: 'warning',
    message: 'Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`.',
    hint: 'Write `go install example.com/tool@v1.2.3`.',
    check: perRun((r) => commands(r, 'go').some((c) => {
      const valueFlags = ['-tags', '-ldflags', '-gcflags', '-asmflags', '-o', '-mod', '-modfile', '-p', '-buildmode', '-pkgdir', '-toolexec', '-overlay', '-pgo', '-compiler'];
      const pos = positionals(c.args, valueFlags);
      return pos[0] === 'install' && pos.slice(1).some((p) => !p.startsWith('.') && !p.startsWith('/') && !p.includes('@') && !p.includes('$'));
    })),
  },
  {
    id: 'DL3028', aliases: [], severity: 'warning',
    message: 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`.',
    hint: 'Write `gem install bundler:2.5.0` or pass `-v`.',
    check: perRun((r) => commands(r, 'gem').some((c) => {
      const pos = positionals(c.args, ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source']);
      return pos[0] === 'install' && !hasFlag(c.args, ['--version'], 'v') && pos.slice(1).some((p) => !p.includes(':') && !p.endsWith('.gem'));
    })),
  },
  {
    id: 'DL3008', aliases: [], severity: 'warning', optIn: true,
    message: 'Pin versions in apt-get install.',
    hint: 'Write `apt-get install <package>=<version>` (waived by default: pin the base image tag instead).',
    check: perRun((r) => apt(r, 'install').some((c) => positionals(c.args, ['-o', '-t']).slice(1).some((p) => !p.includes('=') && !p.endsWith('.deb')))),
  },
  {
    id: 'DL3018', aliases: [], severity: 'warning', optIn: true,
    message: 'Pin versions in apk add.',
    hint: 'Write `apk add <package>=<version>` (waived by default: pin the base image tag instead).',
    check: perRun((r) => commands(r, 'apk').some((c) => {
      const pos = positionals(c.args, ['-t', '--virtual', '-X', '--repository']);
      return pos[0] === 'add' && pos.slice(1).some((p) => !p.includes('=') && !p.endsWith('.apk'));
    })),
  },
  {
    id: 'DL3013', aliases: [], severity: 'warning', optIn: true,
    message: 'Pin versions in pip.',
    hint: 'Write `pip install <package>==<version>` or install from a requirements/lock file.',
    check: perRun((r) => pipInstalls(r).some((c) => {
      const pos = positionals(c.args.slice(1), ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '-i', '--index-url', '--extra-index-url', '--prefix', '--root']);
      return pos.some((p) => !/[=<>~!@]/.test(p) && !LOCAL_OR_URL.test(p));
    })),
  },
];
