/**
 * Versions and images the Go stack uses when the repo names none. Pinned here, never read from the
 * machine running the tool. Review when Go ships (each February and August) and when Alpine does.
 */
export const GO_DEFAULTS = {
  /** renovate: datasource=golang-version — Go 1.27 was released in August 2026. */
  go: '1.27',
  /** Go lines still supported upstream (each release is supported until the second newer one ships), newest first. */
  supported: ['1.27', '1.26'] as const,
  /** renovate: datasource=docker depName=alpine — Alpine 3.24 is the current stable branch. */
  alpine: '3.24',
  /** distroless' nonroot user; scratch and Alpine get the same uid so volumes behave the same. */
  nonrootUid: 65532,
  /** The port when the code does not say (net/http examples and gin's Run() use 8080). */
  port: 8080,
} as const;

/** Modules that compile C through cgo: their presence means CGO_ENABLED=1 and a runtime with libc. */
export const CGO_MODULES: readonly string[] = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go',
  'github.com/confluentinc/confluent-kafka-go/v2',
  'github.com/DataDog/zstd',
  'github.com/valyala/gozstd',
];

/** Web frameworks recognised from go.mod requires, in the order they are checked. */
export const GO_FRAMEWORKS: readonly { readonly module: RegExp; readonly name: string }[] = [
  { module: /^github\.com\/gin-gonic\/gin$/, name: 'gin' },
  { module: /^github\.com\/labstack\/echo(\/v\d+)?$/, name: 'echo' },
  { module: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, name: 'fiber' },
  { module: /^github\.com\/go-chi\/chi(\/v\d+)?$/, name: 'chi' },
];
