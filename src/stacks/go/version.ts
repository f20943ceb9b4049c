import type { Evidence, Project } from '../../types.js';
import { GO_DEFAULTS } from './defaults.js';

/** `1.23.4`, `1.21rc2`, `go1.22` → `1.23`, `1.21`, `1.22`: golang images are tagged by minor line. */
export function goMinor(version: string): string | null {
  const match = /^(?:go)?(1\.\d{1,4})(?:\.\d{1,4})?(?:(?:rc|beta)\d{1,3})?$/.exec(version.trim());
  return match?.[1] ?? null;
}

function minorNumber(minor: string): number {
  return Number(minor.split('.')[1]);
}

function fromToolVersions(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const [tool, version] = line.trim().split(/\s+/);
    if ((tool === 'golang' || tool === 'go') && version !== undefined) return version;
  }
  return null;
}

export interface VersionSources {
  /** `toolchain` line, then `go` directive (of go.mod, or go.work in a workspace). */
  readonly toolchain: string | null;
  readonly directive: string | null;
  /** The manifest the two come from (go.mod or go.work). */
  readonly manifest: string;
}

function newer(a: string, b: string): string {
  return minorNumber(a) >= minorNumber(b) ? a : b;
}

/**
 * The Go line for the golang image. A `toolchain` line, .go-version and .tool-versions pin a release:
 * kept even past end of life (with a warning naming the oldest supported line). The `go` directive
 * is only a minimum (the go command builds it with any newer release): it is used while it is
 * supported, and an older one builds with the current release. With nothing, the current release.
 */
export async function detectGoVersion(project: Project, sources: VersionSources, evidence: Evidence[], warnings: string[]): Promise<string> {
  const directive = sources.directive === null ? null : goMinor(sources.directive);
  const pins: { value: string | null; file: string; reason: (v: string) => string }[] = [{ value: sources.toolchain, file: sources.manifest, reason: (v) => `toolchain go${v}` }];
  const goVersionFile = await project.readText('.go-version');
  const goVersionLine = goVersionFile?.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (goVersionLine !== undefined) pins.push({ value: goVersionLine, file: '.go-version', reason: (v) => `Go ${v}` });
  const tools = await project.readText('.tool-versions');
  const fromTools = tools === null ? null : fromToolVersions(tools);
  if (fromTools !== null) pins.push({ value: fromTools, file: '.tool-versions', reason: (v) => `golang ${v}` });
  for (const pin of pins) {
    if (pin.value === null) continue;
    const pinned = goMinor(pin.value.replace(/^go/, ''));
    if (pinned === null) {
      warnings.push(`${pin.file}: "${pin.value.slice(0, 40)}" is not a Go version; ignored.`);
      continue;
    }
    // The go command never builds with a release older than the go directive, whatever the pin says.
    const minor = directive === null ? pinned : newer(pinned, directive);
    if (minorNumber(minor) < minorNumber(oldestSupported())) {
      warnings.push(`${pin.file}: Go ${minor} is past end of life (the oldest supported line is Go ${oldestSupported()}); kept as pinned. Pass --go-version to move on.`);
    }
    evidence.push({ file: pin.file, reason: `${pin.reason(pin.value.replace(/^go/, ''))} → golang:${minor}` });
    return minor;
  }
  if (sources.directive !== null && directive === null) warnings.push(`${sources.manifest}: "go ${sources.directive.slice(0, 40)}" is not a Go version; ignored.`);
  if (directive !== null) {
    if (minorNumber(directive) < minorNumber(oldestSupported())) {
      evidence.push({ file: sources.manifest, reason: `go ${sources.directive ?? directive} is a minimum and past end of life: building with the current Go ${GO_DEFAULTS.go}` });
      return GO_DEFAULTS.go;
    }
    evidence.push({ file: sources.manifest, reason: `go ${sources.directive ?? directive} directive (a minimum, still supported) → golang:${directive}` });
    return directive;
  }
  evidence.push({ file: '(default)', reason: `current stable Go ${GO_DEFAULTS.go}` });
  return GO_DEFAULTS.go;
}

function oldestSupported(): string {
  return GO_DEFAULTS.supported[GO_DEFAULTS.supported.length - 1] as string;
}
