import type { Evidence, Project } from '../../types.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import { portFromSource } from './port.js';
import type { Requirement } from './requirements.js';

/**
 * gunicorn reads ./gunicorn.conf.py from its working directory on its own. Its `bind` decides the
 * port; a bind the container cannot reach (loopback, or none: gunicorn's default is
 * 127.0.0.1:8000) still needs `--bind 0.0.0.0:<port>` on the command line, which overrides it.
 */
export interface GunicornConf {
  readonly port: number;
  /** The file already binds every interface: the command adds no --bind. */
  readonly bindsAll: boolean;
}

const BIND = /^bind\s*=\s*\[?\s*(?:f?["'])([^"'\]]*)["']/m;

export function gunicornConfFrom(text: string): GunicornConf | null {
  const bind = BIND.exec(text)?.[1];
  if (bind === undefined) return { port: portFromSource(text) ?? PYTHON_DEFAULTS.webPort, bindsAll: false };
  const host = bind.includes(':') ? bind.slice(0, bind.lastIndexOf(':')) : bind;
  const literal = /:(\d{2,5})$/.exec(bind)?.[1];
  const port = literal !== undefined ? Number(literal) : (portFromSource(text) ?? PYTHON_DEFAULTS.webPort);
  return { port, bindsAll: ['0.0.0.0', '', '[::]', '::'].includes(host) };
}

export async function readGunicornConf(project: Project, evidence: Evidence[]): Promise<GunicornConf | null> {
  const text = await project.readText('gunicorn.conf.py').catch(() => null);
  if (text === null) return null;
  const conf = gunicornConfFrom(text);
  if (conf !== null) evidence.push({ file: 'gunicorn.conf.py', reason: conf.bindsAll ? `gunicorn binds port ${conf.port} on every interface (read by gunicorn itself)` : `gunicorn settings; --bind 0.0.0.0:${conf.port} so the container port is reachable` });
  return conf;
}

/** Production servers the generated command may start, pinned (renovate: datasource=pypi). */
export const SERVER_PINS: Readonly<Record<'gunicorn' | 'uvicorn', string>> = {
  gunicorn: 'gunicorn==23.0.0',
  uvicorn: 'uvicorn==0.38.0',
};

export const hasDep = (deps: readonly Requirement[], name: string): boolean => deps.some((d) => d.name === name);

/** FastHTML's `serve()` starts uvicorn itself when the file runs as __main__ (port 5001 unless told). */
export function fastHtmlServe(text: string): number | null {
  if (!/^\s*serve\(/m.test(text) || !/from\s+fasthtml|import\s+fasthtml/.test(text)) return null;
  return Number(/serve\([^)]*port\s*=\s*(\d{2,5})/.exec(text)?.[1] ?? 5001);
}
