import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../src/lint/index.js';

export const MODERN = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=22.12.0

FROM --platform=$BUILDPLATFORM node:\${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY --link package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \\
    --mount=type=secret,id=npmrc,target=/root/.npmrc \\
    npm ci --omit=dev

FROM --platform=$BUILDPLATFORM node:\${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY --link package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \\
    --mount=type=secret,id=npmrc,target=/root/.npmrc \\
    npm ci
COPY --link . .
RUN <<EOT
set -eu
npm run build
npm prune --omit=dev
EOT

FROM node:\${NODE_VERSION}-bookworm-slim AS runtime
ARG TARGETARCH
LABEL org.opencontainers.image.title="x" \\
      org.opencontainers.image.source="https://example.com/x"
ENV NODE_ENV=production \\
    PORT=3000
ENV PATH="/app/.venv/bin:$PATH"
RUN apt-get update \\
    && apt-get install -y --no-install-recommends tini \\
    && rm -rf /var/lib/apt/lists/* \\
    && echo "built for \${TARGETARCH}"
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node:node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s CMD ["node","-e","fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini","--"]
CMD ["node","dist/server.js"]
`;

describe('modern Dockerfile', () => {
  it('passes clean (rules + shellcheck)', async () => {
    const findings = await lintDockerfile(MODERN, { file: 'Dockerfile', dockerignore: 'node_modules\n.git\n*.md\n' });
    expect(findings.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([]);
  });

  it('passes clean with distroless nonroot, numeric USER and HEALTHCHECK NONE', async () => {
    const text = `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.23
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION} AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=bind,target=. \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532:65532
HEALTHCHECK NONE
ENTRYPOINT ["/app"]
`;
    const findings = await lintDockerfile(text, {});
    expect(findings.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([]);
  });
});
