import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../src/lint/index.js';
import { shellcheckAvailable } from '../../src/lint/shellcheck.js';
import { df } from './helpers.js';

const available = await shellcheckAvailable();

describe.runIf(available)('shellcheck on RUN', () => {
  it('reports shell bugs on the RUN line', async () => {
    const text = df('WORKDIR /app', 'RUN for f in $(ls *.txt); do echo "$f"; done');
    const findings = await lintDockerfile(text, {});
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[3, 'SC2045'], [3, 'SC2035']]);
  });

  it('maps findings inside a continuation or heredoc to their own line', async () => {
    const text = df('RUN echo start \\', '    && echo $undefined_thing', 'RUN <<EOT', 'set -e', '[ "$a" == "b" ] && echo same', 'EOT');
    const findings = await lintDockerfile(text, {});
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual(['3 SC2086', '3 SC2154', '6 SC2154', '6 SC3014']);
  });

  it('knows ARG and ENV names in scope and the SHELL dialect', async () => {
    const text = df(
      'ARG version=1',
      'ENV app_home=/app',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN echo "$version $app_home" && [[ -n "$version" ]] && echo ok',
    );
    expect(await lintDockerfile(text, {})).toEqual([]);
  });

  it('skips exec-form RUN and quoted heredoc bodies fed to other interpreters', async () => {
    const text = df('RUN ["sh", "-c", "echo $1"]', 'WORKDIR /', "RUN <<'EOT' python3", 'print("$x")', 'EOT');
    expect(await lintDockerfile(text, {})).toEqual([]);
  });

  it('is skipped with shellcheck: false', async () => {
    const text = df('WORKDIR /app', 'RUN for f in $(ls *.txt); do echo "$f"; done');
    expect(await lintDockerfile(text, { shellcheck: false })).toEqual([]);
  });
});

describe('shellcheck probe', () => {
  it('finds shellcheck exactly when an executable of that name is on PATH', () => {
    const onPath = (process.env.PATH ?? '').split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, 'shellcheck'), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    expect(available).toBe(onPath);
  });
});
