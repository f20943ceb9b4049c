/**
 * Versions and images the Go stack uses when the repo names none. Pinned here, never read from the
 * machine running the tool. Review when Go ships (each February and August) and when Alpine does.
 */
export const GO_DEFAULTS = {
  /** renovate: datasource=golang-version — Go 1.27 was released in August 2026. */
  go: '1.27',
  /** Oldest Go line whose images are still worth building on; an older `go` directive is only a minimum. */
  oldestImage: '1.20',
  /** Debian release of the golang builder; matches the distroless -debian12 runtimes (same glibc for cgo). */
  debian: 'bookworm',
  /** renovate: datasource=docker depName=alpine — Alpine 3.24 is the current stable branch. */
  alpine: '3.24',
  /** A static binary needs no libc: distroless/static is CA certificates, tzdata and /etc/passwd. */
  distrolessStatic: 'gcr.io/distroless/static-debian12:nonroot',
  /** cgo binaries link glibc dynamically: distroless/base adds glibc (and OpenSSL). */
  distrolessBase: 'gcr.io/distroless/base-debian12:nonroot',
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
