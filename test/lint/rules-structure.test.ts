import { describe, expect, it } from 'vitest';
import { df, ruleIds } from './helpers.js';

interface Case {
  rule: string;
  bad: string;
  /** Exact rule ids expected for `bad` (default: just `rule`). */
  expect?: string[];
  good: string[];
}

const CASES: Case[] = [
  { rule: 'DL3061', bad: 'RUN echo hi\nFROM debian:12-slim\nUSER 1\nHEALTHCHECK NONE\n', good: [`ARG V=1\n${df()}`, `# comment\n${df()}`] },
  { rule: 'DockerfileSyntax', bad: df('HEALTHCHECK --interval=abc CMD ["true"]').replace('HEALTHCHECK NONE\n', ''), good: [df().replace('HEALTHCHECK NONE', 'HEALTHCHECK --interval=30s CMD ["true"]')] },
  { rule: 'DL3024', bad: `FROM debian:12-slim AS a\nRUN true\n${df().replace('FROM debian:12-slim', 'FROM debian:12-slim AS a')}`, good: [`FROM debian:12-slim AS a\nRUN true\n${df().replace('FROM debian:12-slim', 'FROM debian:12-slim AS b')}`] },
  { rule: 'StageNameCasing', bad: df().replace('slim', 'slim AS Runtime'), good: [df().replace('slim', 'slim AS runtime')] },
  { rule: 'DL3063', bad: df().replace('slim', 'slim AS context'), good: [df().replace('slim', 'slim AS app')] },
  { rule: 'FromAsCasing', bad: df().replace('slim', 'slim as app'), good: [df().replace('slim', 'slim AS app'), df().replace('FROM debian:12-slim', 'from debian:12-slim as app').replace('USER 10001:10001\nHEALTHCHECK NONE', 'user 1\nhealthcheck NONE')] },
  { rule: 'ConsistentInstructionCasing', bad: df('run true'), good: [df('RUN true'), 'from debian:12-slim\nrun true\nuser 1\nhealthcheck NONE\n'] },
  { rule: 'DL3022', bad: df('COPY --from=builder /out /app'), good: [`FROM debian:12-slim AS builder\nRUN true\n${df('COPY --from=builder /out /app', 'COPY --from=nginx:1.27 /etc/nginx /etc/nginx', 'COPY --from=0 /out /app2')}`] },
  { rule: 'DL3023', bad: df('COPY --from=app /a /b').replace('slim', 'slim AS app'), good: [`FROM debian:12-slim AS app\nRUN true\n${df('COPY --from=app /a /b')}`] },
  { rule: 'NoEmptyContinuation', bad: df('RUN echo a \\', '', '    && echo b'), good: [df('RUN echo a \\', '    && echo b')] },
  { rule: 'UndefinedArgInFrom', bad: df().replace('12-slim', '${TAG}'), good: [`ARG TAG=12-slim\n${df().replace('12-slim', '${TAG}')}`, df().replace('FROM', 'FROM --platform=$BUILDPLATFORM').replace('slim', 'slim AS b') + df()] },
  { rule: 'InvalidDefaultArgInFrom', bad: `ARG TAG\n${df().replace('12-slim', '${TAG}')}`, good: [`ARG TAG=12-slim\n${df().replace('12-slim', '${TAG}')}`, `ARG TAG\n${df().replace('12-slim', '${TAG:-12-slim}')}`] },
  { rule: 'UndefinedVar', bad: df('WORKDIR /app/$APPDIR'), good: [df('ENV APPDIR=x', 'WORKDIR /app/$APPDIR'), df('ENV PATH="/app/.venv/bin:$PATH"'), df('ARG TARGETARCH', 'ENV ARCH=$TARGETARCH'), df("ENV A='$NOPE'"), df('RUN echo "$UNDECLARED_IN_SHELL"'), df('WORKDIR ${DIR:-/app}')] },
  { rule: 'UndefinedVar', bad: df('ENV ARCH=$TARGETARCH'), good: [df('ARG TARGETARCH', 'ENV ARCH=${TARGETARCH}')] },
  { rule: 'UndefinedVar', bad: `ARG V=1\n${df('LABEL version=$V')}`, good: [`ARG V=1\n${df('ARG V', 'LABEL version=$V')}`, `FROM debian:12-slim AS base\nENV APP=/srv\n${df('WORKDIR $APP').replace('debian:12-slim', 'base')}`] },
  { rule: 'LegacyKeyValueFormat', bad: df('ENV FOO bar'), good: [df('ENV FOO=bar'), df('LABEL a="b c"')] },
  { rule: 'DL3044', bad: df('ENV A=1 B=$A'), good: [df('ENV A=1', 'ENV B=$A'), df('ENV PATH=/x:$PATH')] },
  { rule: 'SecretsUsedInArgOrEnv', bad: df('ARG API_TOKEN'), good: [df('ARG PUBLIC_KEY'), df('ENV NODE_VERSION=1'), df('ARG KEYBOARD=us'), df('ARG TOKEN_FILE=/run/secrets/t')] },
  { rule: 'SecretsUsedInArgOrEnv', bad: df('ENV DB_PASSWORD=x'), good: [df('ENV DB_HOST=x')] },
  { rule: 'DL3006', bad: df().replace(':12-slim', ''), good: [df(), df().replace('12-slim', '12-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000'), `FROM debian:12-slim AS base\nRUN true\n${df().replace('debian:12-slim', 'base')}`, df().replace('debian:12-slim', 'scratch')] },
  { rule: 'DL3007', bad: df().replace('12-slim', 'latest'), good: [df()] },
  { rule: 'DL3007', bad: `ARG TAG=latest\n${df().replace('12-slim', '$TAG')}`, good: [`ARG TAG=12\n${df().replace('12-slim', '$TAG')}`] },
  { rule: 'DL3029', bad: df().replace('FROM', 'FROM --platform=linux/amd64'), good: [`FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nRUN true\n${df()}`] },
  { rule: 'DL3029', bad: df().replace('FROM', 'FROM --platform=$TARGETPLATFORM'), good: [df()] },
  { rule: 'DL3029', bad: `FROM golang:1.23 AS build\nRUN true\n${df().replace('FROM', 'FROM --platform=$BUILDPLATFORM')}`, good: [`FROM golang:1.23 AS build\nRUN true\n${df()}`] },
];

describe('stage, variable and FROM rules', () => {
  for (const c of CASES) {
    it(`${c.rule} fires`, async () => {
      expect(await ruleIds(c.bad)).toEqual(c.expect ?? [c.rule]);
    });
    c.good.forEach((good, k) => {
      it(`${c.rule} does not fire (${k + 1})`, async () => {
        expect(await ruleIds(good)).toEqual([]);
      });
    });
  }
});
