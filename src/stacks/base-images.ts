/**
 * Every base image a generated Dockerfile can name, in one table: the reference as the template
 * writes it (tags through ARGs), the tag it resolves to with this tool's default versions, and where
 * that tag was seen published. test/stacks/base-images.test.ts renders every stack on every base and
 * fails when a FROM is missing here, so a new image or a default bump comes with its confirmation.
 *
 * The Debian line follows the official images: Node.js, Python and Go default to Debian 13 (trixie)
 * and distroless publishes its current runtimes as -debian13. Versions older than a line's first
 * release on trixie keep the bookworm tags they were published with (see `debianLine`).
 */
export interface BaseImage {
  /** As written after FROM (or COPY --from), with `${ARG}` left for the build to fill in. */
  readonly reference: string;
  /** The same with the default ARG values: a tag that must exist in the registry. */
  readonly resolved: string;
  /** Where that tag (or its image's tag list) was confirmed. */
  readonly confirmed: string;
}

const NODE_TAGS = 'https://hub.docker.com/_/node/tags?name=26 (26.12.0-trixie-slim, -bookworm-slim, -alpine3.24)';
const DISTROLESS_NODE = 'https://github.com/GoogleContainerTools/distroless/blob/main/nodejs/README.md (nodejs22/24/26-debian13)';
const DISTROLESS = 'https://github.com/GoogleContainerTools/distroless/blob/main/README.md (static-debian13, base-debian13)';
const GOLANG = 'https://github.com/docker-library/official-images/blob/master/library/golang (1.27-trixie, 1.27-bookworm, 1.27-alpine3.24)';
const PYTHON = 'https://github.com/docker-library/docs/blob/master/python/README.md (3.15-slim-trixie)';
const TEMURIN = 'https://adoptium.net/installation/containers/ (eclipse-temurin:25-jdk, 25-jre, 25-jre-alpine)';

export const BASE_IMAGES = {
  nodeSlim: { reference: 'node:${NODE_VERSION}-trixie-slim', resolved: 'node:26-trixie-slim', confirmed: NODE_TAGS },
  nodeSlimBookworm: { reference: 'node:${NODE_VERSION}-bookworm-slim', resolved: 'node:18-bookworm-slim', confirmed: 'https://hub.docker.com/_/node/tags?name=18 (18-bookworm-slim; Node 18 ended before trixie)' },
  nodeAlpine: { reference: 'node:${NODE_VERSION}-alpine', resolved: 'node:26-alpine', confirmed: NODE_TAGS },
  nodeDistroless: { reference: 'gcr.io/distroless/nodejs${NODE_MAJOR}-debian13:nonroot', resolved: 'gcr.io/distroless/nodejs26-debian13:nonroot', confirmed: DISTROLESS_NODE },
  nodeDistrolessDebian12: { reference: 'gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot', resolved: 'gcr.io/distroless/nodejs18-debian12:nonroot', confirmed: 'distroless nodejs18-debian12 (published until Node 18 ended; no -debian13)' },
  bunSlim: { reference: 'oven/bun:${BUN_VERSION}-slim', resolved: 'oven/bun:1-slim', confirmed: 'https://hub.docker.com/r/oven/bun/tags (1-slim, 1-alpine, 1-distroless)' },
  bunAlpine: { reference: 'oven/bun:${BUN_VERSION}-alpine', resolved: 'oven/bun:1-alpine', confirmed: 'https://hub.docker.com/r/oven/bun/tags' },
  bunDistroless: { reference: 'oven/bun:${BUN_VERSION}-distroless', resolved: 'oven/bun:1-distroless', confirmed: 'https://hub.docker.com/r/oven/bun/tags' },
  nginxUnprivileged: { reference: 'nginxinc/nginx-unprivileged:${NGINX_VERSION}', resolved: 'nginxinc/nginx-unprivileged:1.28', confirmed: 'https://hub.docker.com/r/nginxinc/nginx-unprivileged/tags?name=1.28 (1.28, 1.28-alpine)' },
  nginxUnprivilegedAlpine: { reference: 'nginxinc/nginx-unprivileged:${NGINX_VERSION}-alpine', resolved: 'nginxinc/nginx-unprivileged:1.28-alpine', confirmed: 'https://hub.docker.com/r/nginxinc/nginx-unprivileged/tags?name=1.28' },
  pythonSlim: { reference: 'python:${PYTHON_VERSION}-slim-trixie', resolved: 'python:3.15-slim-trixie', confirmed: PYTHON },
  pythonSlimBookworm: { reference: 'python:${PYTHON_VERSION}-slim-bookworm', resolved: 'python:3.8-slim-bookworm', confirmed: 'https://hub.docker.com/_/python/tags?name=3.8 (3.8 ended before trixie)' },
  uv: { reference: 'ghcr.io/astral-sh/uv:${UV_VERSION}', resolved: 'ghcr.io/astral-sh/uv:0.13.0', confirmed: 'https://docs.astral.sh/uv/guides/integration/docker/ (uv:{major}.{minor}.{patch}, 0.13.x listed)' },
  golang: { reference: 'golang:${GO_VERSION}-trixie', resolved: 'golang:1.27-trixie', confirmed: GOLANG },
  golangBookworm: { reference: 'golang:${GO_VERSION}-bookworm', resolved: 'golang:1.23-bookworm', confirmed: 'https://hub.docker.com/_/golang/tags?name=1.23 (1.23 ended before trixie)' },
  golangAlpine: { reference: 'golang:${GO_VERSION}-alpine${ALPINE_VERSION}', resolved: 'golang:1.27-alpine3.24', confirmed: GOLANG },
  alpine: { reference: 'alpine:${ALPINE_VERSION}', resolved: 'alpine:3.24', confirmed: 'https://hub.docker.com/_/alpine (3.24 current stable branch)' },
  scratch: { reference: 'scratch', resolved: 'scratch', confirmed: 'https://docs.docker.com/build/building/base-images/ (reserved, empty)' },
  distrolessStatic: { reference: 'gcr.io/distroless/static-debian13:nonroot', resolved: 'gcr.io/distroless/static-debian13:nonroot', confirmed: DISTROLESS },
  distrolessBase: { reference: 'gcr.io/distroless/base-debian13:nonroot', resolved: 'gcr.io/distroless/base-debian13:nonroot', confirmed: DISTROLESS },
  temurinJdk: { reference: 'eclipse-temurin:${JAVA_VERSION}-jdk', resolved: 'eclipse-temurin:25-jdk', confirmed: TEMURIN },
  temurinJre: { reference: 'eclipse-temurin:${JAVA_VERSION}-jre', resolved: 'eclipse-temurin:25-jre', confirmed: TEMURIN },
  temurinJreAlpine: { reference: 'eclipse-temurin:${JAVA_VERSION}-jre-alpine', resolved: 'eclipse-temurin:25-jre-alpine', confirmed: TEMURIN },
  maven: { reference: 'maven:${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION}', resolved: 'maven:3.9-eclipse-temurin-25', confirmed: 'https://hub.docker.com/_/maven/tags?name=3.9-eclipse-temurin-25' },
  gradle: { reference: 'gradle:${GRADLE_VERSION}-jdk${JAVA_VERSION}', resolved: 'gradle:9-jdk25', confirmed: 'https://hub.docker.com/_/gradle/tags?name=9-jdk25' },
  distrolessJava: { reference: 'gcr.io/distroless/java${JAVA_VERSION}-debian13:nonroot', resolved: 'gcr.io/distroless/java25-debian13:nonroot', confirmed: 'https://github.com/GoogleContainerTools/distroless (Java 17, 21, 25 on Debian 13)' },
  distrolessJavaBase: { reference: 'gcr.io/distroless/java-base-debian13:nonroot', resolved: 'gcr.io/distroless/java-base-debian13:nonroot', confirmed: 'https://github.com/GoogleContainerTools/distroless/blob/main/java/README.md (java-base)' },
  debianSlim: { reference: 'debian:13-slim', resolved: 'debian:13-slim', confirmed: 'https://hub.docker.com/_/debian (13-slim = trixie-slim)' },
} as const satisfies Record<string, BaseImage>;

export type BaseImageKey = keyof typeof BASE_IMAGES;

/**
 * The first release of each runtime line published on Debian 13: an older pinned version keeps its
 * bookworm tags (those still exist; trixie ones never did).
 */
const FIRST_ON_TRIXIE = { node: 20, python: 9, go: 24 } as const;

/** `trixie` for versions the official images publish on Debian 13, else `bookworm`. */
export function debianLine(runtime: keyof typeof FIRST_ON_TRIXIE, version: string): 'trixie' | 'bookworm' {
  const parts = version.split('.').map(Number);
  const number = runtime === 'node' ? parts[0] : parts[1];
  return number === undefined || Number.isNaN(number) || number >= FIRST_ON_TRIXIE[runtime] ? 'trixie' : 'bookworm';
}
