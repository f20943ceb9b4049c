import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Docker } from './docker.js';
import { VerifyFailure, quoteLines } from './outcome.js';
import { excerpt, isFrontendPullFailure, parseBuildFailure } from './parse.js';

export const STRIP_SYNTAX_ENV = 'CREATE_DOCKERFILE_VERIFY_STRIP_SYNTAX';

export interface BuildRequest {
  readonly root: string;
  /** Relative to root, which is the build context. */
  readonly dockerfile: string;
  readonly tag: string;
  /**
   * Build from the Dockerfile minus its `# syntax=` line, fed on stdin. Only for engines that
   * cannot pull the frontend image (air-gapped, no registry): the file on disk is what users
   * build, so by default that exact file is verified.
   */
  readonly stripSyntax: boolean;
  /** Each BuildKit step as it starts, for the progress display. */
  readonly onStep: (step: string) => void;
}

const STEP_HEADER = /^#\d+ (\[[^\]]+\] .*)$/;

/** `docker build` of the written Dockerfile; returns the seconds it took or throws a VerifyFailure naming the failing step. */
export async function buildImage(docker: Docker, request: BuildRequest): Promise<number> {
  const file = join(request.root, request.dockerfile);
  const input = request.stripSyntax ? withoutSyntaxLine(await readFile(file, 'utf8')) : null;
  const args = ['build', '--progress=plain', '-t', request.tag, '-f', input === null ? file : '-', request.root];
  const started = performance.now();
  const result = await docker(args, {
    ...(input === null ? {} : { input: input.text }),
    onLine: (line) => {
      const step = STEP_HEADER.exec(line);
      if (step !== null) request.onStep((step[1] as string).replace(/\s+/g, ' '));
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.exitCode !== 0) throw buildFailure(result.all, request.dockerfile, input?.removed === true);
  return seconds;
}

function withoutSyntaxLine(text: string): { text: string; removed: boolean } {
  const stripped = text.replace(/^# syntax=[^\n]*\n/, '');
  return { text: stripped, removed: stripped !== text };
}

function buildFailure(log: string, dockerfile: string, removedFirstLine: boolean): VerifyFailure {
  const failure = parseBuildFailure(log);
  // BuildKit numbers the lines of what it read; the user's file has the `# syntax=` line on top.
  const line = failure.line === null ? null : failure.line + (removedFirstLine ? 1 : 0);
  const where = line === null ? '' : ` (${dockerfile} line ${line})`;
  const what = failure.step === null ? 'docker build failed' : `the build failed at step ${failure.step}${where}`;
  const details = [...quoteLines(excerpt(failure.output))];
  if (failure.error !== null) details.push(failure.error);
  if (isFrontendPullFailure(failure)) {
    details.push(
      `The engine could not pull the \`# syntax=docker/dockerfile:1\` frontend (no registry access?). ` +
        `On an offline engine, set ${STRIP_SYNTAX_ENV}=1 to verify the Dockerfile without that line.`,
    );
  }
  return new VerifyFailure(what, details);
}
