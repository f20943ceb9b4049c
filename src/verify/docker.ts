import { execa } from 'execa';
import type { Io } from '../types.js';

export interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved, as a person would have seen them. */
  readonly all: string;
}

export interface DockerOptions {
  /** Text fed to docker's stdin (`docker build -f -`). */
  readonly input?: string;
  /** Called with each line docker prints on stderr, as it prints it (build progress). */
  readonly onLine?: (line: string) => void;
  /** Aborted on Ctrl-C: the docker process is stopped. Cleanup calls pass none, so they always finish. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** The docker CLI is not installed (or not on PATH): distinct from an engine that is down. */
export class DockerMissing extends Error {}

export type Docker = (args: readonly string[], options?: DockerOptions) => Promise<DockerResult>;

/**
 * Runs the local docker CLI with the run's environment: `io.env` over the process's own (the same
 * object in the CLI), so DOCKER_HOST, DOCKER_CONTEXT and friends apply, and a test can point docker
 * at a socket that does not exist while keeping PATH. Never throws for a failing command: callers
 * read `exitCode` and turn it into a message.
 */
export function dockerCli(io: Io): Docker {
  return async (args, options = {}) => {
    const subprocess = execa('docker', [...args], {
      env: io.env,
      reject: false,
      all: true,
      stripFinalNewline: true,
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
      ...(options.signal !== undefined ? { cancelSignal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    });
    if (options.onLine !== undefined) forEachLine(subprocess.stderr, options.onLine);
    const result = await subprocess;
    if ((result as { code?: string }).code === 'ENOENT') throw new DockerMissing('docker CLI not found on PATH');
    return {
      exitCode: result.exitCode ?? 1,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      all: String(result.all ?? ''),
    };
  };
}

function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream === null) return;
  let pending = '';
  stream.on('data', (chunk: Buffer | string) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}
