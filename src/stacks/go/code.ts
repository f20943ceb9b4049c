import type { Evidence, Project } from '../../types.js';
import { GO_DEFAULTS } from './defaults.js';
import { existingRuntimePaths, runtimeReadsIn, type RuntimeRead } from './runtime-files.js';

/** Go files read for ports, net/http and cgo: shallow and bounded, main packages first. */
const MAX_FILES = 60;
const SOURCE_PATTERNS = ['*.go', '*/*.go', '*/*/*.go', '*/*/*/*.go'];

export interface CodeFacts {
  readonly port: number;
  /** The code reads $PORT: the image sets it so the app and EXPOSE agree. */
  readonly portEnv: boolean;
  /** Some file read starts a server: ListenAndServe, net.Listen, Serve, or a port found above. */
  readonly listens: boolean;
  readonly netHttp: boolean;
  /** File with `import "C"`, or null. */
  readonly cgoFile: string | null;
  /** Repo paths the binary reads from disk at run time (templates/, static/, config files). */
  readonly runtimePaths: readonly string[];
}

const CGO_IMPORT = /^\s*import\s+"C"\s*$|^\s*import\s*\([^)]*^\s*"C"\s*$/m;
const NET_HTTP = /^\s*(?:import\s+)?(?:\w+\s+)?"net\/http"\s*$/m;
const PORT_ENV = /Getenv\(\s*"PORT"\s*\)|LookupEnv\(\s*"PORT"\s*\)|\(\s*"PORT"\s*,/;
/** Calls that start serving, whatever the framework: what a command-line tool never makes. */
const LISTEN_CALL = /\b(?:ListenAndServe(?:TLS)?|Listen(?:TCP|Packet|Unix)?|Serve(?:TLS|Listener)?)\(/;
const HOST = String.raw`(?:[\w.-]*|\[[0-9a-fA-F:]*\])`;
/**
 * A command-line flag of the standard flag package or pflag/cobra: `flag.Int("port", 8081, …)`,
 * `fs.StringVar(&addr, "addr", ":8080", …)`, `IntVarP(&p, "port", "p", 8081, …)`. The image's
 * CMD passes no flag, so the app listens on the flag's default.
 */
const FLAG = String.raw`\b(?:Int|Uint|String)(?:Var)?P?\(\s*(?:&[\w.]+\s*,\s*)?`;
/** pflag's one-letter shorthand comes between the name and the default. */
const SHORTHAND = String.raw`(?:"\w?"\s*,\s*)?`;
/** A default read from the environment first: `getEnv("APP_PORT", "80")`. */
const DEFAULT_HELPER = String.raw`[\w.]+\(\s*"\w+"\s*,\s*`;
/** A flag or setting named `port`, `http-port`, `server.port`. */
const PORT_NAME = String.raw`"(?:[\w-]+[.-])?(?:http)?port"`;

/** Plain-code port patterns, most specific first; each names what it saw for the evidence. */
const PORT_PATTERNS: readonly { readonly re: RegExp; readonly what: string }[] = [
  { re: new RegExp(String.raw`ListenAndServe(?:TLS)?\(\s*"${HOST}:(\d{2,5})"`), what: 'http.ListenAndServe' },
  { re: new RegExp(String.raw`\.(?:Run|RunTLS|Start|Listen)\(\s*"${HOST}:(\d{2,5})"`), what: 'the framework listens' },
  { re: new RegExp(String.raw`Listen\(\s*"tcp[46]?"\s*,\s*"${HOST}:(\d{2,5})"`), what: 'net.Listen' },
  { re: new RegExp(String.raw`Addr\s*:\s*"${HOST}:(\d{2,5})"`), what: 'http.Server Addr' },
  { re: /\(\s*"PORT"\s*,\s*":?(\d{2,5})"\s*\)/, what: 'PORT with a default' },
  { re: /Getenv\(\s*"PORT"\s*\)\s*,\s*":?(\d{2,5})"/, what: 'PORT with a default' },
  { re: new RegExp(String.raw`${FLAG}${PORT_NAME}\s*,\s*${SHORTHAND}(?:${DEFAULT_HELPER})?":?(\d{2,5})"`), what: "the port flag's default" },
  { re: new RegExp(String.raw`${FLAG}${PORT_NAME}\s*,\s*${SHORTHAND}(\d{2,5})\s*,`), what: "the port flag's default" },
  { re: new RegExp(String.raw`${FLAG}"(?:[\w-]+[.-])?(?:addr|address|listen|bind)"\s*,\s*${SHORTHAND}(?:${DEFAULT_HELPER})?"${HOST}:(\d{2,5})"`), what: "the address flag's default" },
  // urfave/cli declares flags as struct literals: &cli.IntFlag{Name: "port", Value: 8080}.
  { re: new RegExp(String.raw`Name:\s*${PORT_NAME}\s*,[^}]*?\bValue:\s*"?:?(\d{2,5})\b`), what: "the port flag's default" },
  { re: new RegExp(String.raw`SetDefault\(\s*${PORT_NAME}\s*,\s*"?:?(\d{2,5})\b`), what: 'the configured default' },
  { re: /\b[pP]ort\s*:?=\s*":?(\d{2,5})"/, what: 'a default port' },
];

function portIn(text: string): { port: number; what: string } | null {
  for (const { re, what } of PORT_PATTERNS) {
    const value = Number(re.exec(text)?.[1]);
    if (Number.isInteger(value) && value >= 1 && value <= 65535) return { port: value, what };
  }
  return null;
}

/**
 * Files of the main packages come first, in the order of `mainDirs` (the main built by default
 * first), so the port is the one that main's code names rather than another main's or a library's.
 */
function ordered(files: readonly string[], mainDirs: readonly string[]): string[] {
  const dirOf = (f: string): string => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');
  const sources = files.filter((f) => !f.endsWith('_test.go') && !f.split('/').some((p) => p.startsWith('_') || p === 'testdata'));
  const inMains = mainDirs.flatMap((dir) => sources.filter((f) => dirOf(f) === dir));
  return [...inMains, ...sources.filter((f) => !inMains.includes(f))].slice(0, MAX_FILES);
}

export async function scanCode(project: Project, mainDirs: readonly string[], evidence: Evidence[]): Promise<CodeFacts> {
  const files = ordered(await project.glob(SOURCE_PATTERNS, { deep: 4 }), mainDirs);
  let found: { port: number; what: string; file: string } | null = null;
  let portEnvFile: string | null = null;
  let netHttp = false;
  let listens = false;
  let cgoFile: string | null = null;
  const reads: RuntimeRead[] = [];
  for (const file of files) {
    const text = await project.readText(file);
    if (text === null) continue;
    reads.push(...runtimeReadsIn(file, text));
    if (cgoFile === null && CGO_IMPORT.test(text)) cgoFile = file;
    netHttp ||= NET_HTTP.test(text);
    listens ||= LISTEN_CALL.test(text);
    if (portEnvFile === null && PORT_ENV.test(text)) portEnvFile = file;
    if (found === null) {
      const hit = portIn(text);
      if (hit !== null) found = { ...hit, file };
    }
  }
  if (found !== null) evidence.push({ file: found.file, reason: `listens on port ${found.port} (${found.what})` });
  else evidence.push({ file: '(default)', reason: `port ${GO_DEFAULTS.port}: no port found in the code` });
  const port = found?.port ?? GO_DEFAULTS.port;
  if (portEnvFile !== null) evidence.push({ file: portEnvFile, reason: `reads $PORT: the image sets PORT=${port}` });
  const runtimePaths = await existingRuntimePaths(project, reads, evidence);
  return { port, portEnv: portEnvFile !== null, listens: listens || found !== null, netHttp, cgoFile, runtimePaths };
}
