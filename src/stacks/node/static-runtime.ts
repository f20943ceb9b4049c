import { usageError } from '../../errors.js';
import { safePath } from '../../safe.js';
import { BASE_IMAGES } from '../base-images.js';
import type { BaseId, ResolvedOptions } from '../../types.js';
import type { NodeFacts } from './detect.js';
import type { StaticSite } from './frameworks/index.js';
import type { RuntimeShape } from './plan.js';

/**
 * nginx's own unprivileged image: it runs as uid 101 and listens on 8080 out of the box, where
 * the stock nginx and Caddy images start as root. Debian by default like the Node.js images; the
 * stable line, pinned by minor so security fixes arrive on rebuild.
 */
const NGINX_USER = '101';
const NGINX_VERSION = '1.28';

export interface StaticRuntime {
  /** The nginx tag, an ARG like every other base image's (`--build-arg NGINX_VERSION=1.29`). */
  readonly arg: { readonly name: string; readonly value: string };
  readonly image: string;
  readonly port: number;
  readonly outDir: string;
  readonly spa: boolean;
  readonly immutableLocation: string | null;
  readonly user: string;
  /** Exec-form words of the probe, without the leading CMD. */
  readonly probe: readonly string[];
}

/**
 * A probe with what the image has: the Debian image has bash (its /dev/tcp needs no client
 * program), the Alpine one busybox wget. Both accept any 2xx or 3xx answer for `/`.
 */
function probe(base: BaseId, port: number): string[] {
  if (base === 'alpine') return ['wget', '-q', '--spider', `http://127.0.0.1:${port}/`];
  const script = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [[ $status == [23]* ]]`;
  return ['bash', '-c', script];
}

export function staticRuntime(site: StaticSite, base: BaseId, port: number | null): StaticRuntime {
  if (base === 'distroless') throw usageError('--base distroless: a static site is served by nginx, which has no distroless image; use --base slim or --base alpine.');
  const listen = port ?? 8080;
  if (listen < 1024) throw usageError(`--port ${listen}: nginx runs as a non-root user here and cannot listen below 1024; use 8080 (the default) and publish it on any host port.`);
  return {
    arg: { name: 'NGINX_VERSION', value: NGINX_VERSION },
    image: (base === 'alpine' ? BASE_IMAGES.nginxUnprivilegedAlpine : BASE_IMAGES.nginxUnprivileged).reference,
    port: listen,
    outDir: safePath(site.outDir, 'the build output folder'),
    spa: site.spa,
    immutableLocation: site.immutableLocation,
    user: NGINX_USER,
    probe: probe(base, listen),
  };
}

/** The production stage of a static site: nothing from Node.js, only the build output in nginx. */
export function staticShape(facts: NodeFacts, site: StaticSite, options: ResolvedOptions): RuntimeShape {
  if (facts.scripts.build === null) throw usageError(`${facts.start.framework ?? 'This'} static site has no "build" script to make ${site.outDir}/: add one (or pass --cmd to run a server instead).`);
  const runtime = staticRuntime(site, options.base, options.port);
  return {
    copies: [],
    env: [],
    cmd: [],
    buildCache: null,
    tmpfs: ['/tmp'],
    notes: [`Static site (${facts.start.framework ?? 'static'}): nginx serves ${site.outDir}/ on port ${runtime.port}${site.spa ? ', with unknown paths answered by index.html (client-side routing)' : ''}. Pass --cmd to run a Node.js server instead.`],
    outputs: [site.outDir],
    prodDeps: false,
    processGroup: false,
    static: runtime,
  };
}
