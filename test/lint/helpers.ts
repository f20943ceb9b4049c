import { Writable } from 'node:stream';
import { lintDockerfile } from '../../src/lint/index.js';
import type { LintFinding } from '../../src/lint/index.js';

/** A clean single-stage skeleton: body lines go between FROM and the USER/HEALTHCHECK tail. */
export function df(...body: string[]): string {
  return ['FROM debian:12-slim', ...body, 'USER 10001:10001', 'HEALTHCHECK NONE', ''].join('\n');
}

export function ids(findings: LintFinding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

export async function ruleIds(text: string, options: Parameters<typeof lintDockerfile>[1] = {}): Promise<string[]> {
  return ids(await lintDockerfile(text, { shellcheck: false, ...options }));
}

export function sink(): { stream: Writable; text: () => string } {
  let data = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb): void {
      data += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => data };
}
