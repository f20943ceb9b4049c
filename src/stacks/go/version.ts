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

/**
 * The Go line for the golang image: toolchain line, else go directive, .go-version, .tool-versions,
 * else the current stable release. A directive older than the oldest maintained image is a minimum,
 * not a pin, so it gets the current release (with a warning) rather than an unmaintained image.
 */
export async function detectGoVersion(project: Project, sources: VersionSources, evidence: Evidence[], warnings: string[]): Promise<string> {
  const candidates: { value: string | null; file: string; reason: (v: string) => string }[] = [
    { value: sources.toolchain, file: sources.manifest, reason: (v) => `toolchain go${v}` },
    { value: sources.directive, file: sources.manifest, reason: (v) => `go ${v} directive` },
  ];
  const goVersionFile = await project.readText('.go-version');
  const goVersionLine = goVersionFile?.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (goVersionLine !== undefined) candidates.push({ value: goVersionLine, file: '.go-version', reason: (v) => `Go ${v}` });
  const tools = await project.readText('.tool-versions');
  const fromTools = tools === null ? null : fromToolVersions(tools);
  if (fromTools !== null) candidates.push({ value: fromTools, file: '.tool-versions', reason: (v) => `golang ${v}` });
  for (const candidate of candidates) {
    if (candidate.value === null) continue;
    const minor = goMinor(candidate.value);
    if (minor === null) {
      warnings.push(`${candidate.file}: "${candidate.value.slice(0, 40)}" is not a Go version; ignored.`);
      continue;
    }
    if (minorNumber(minor) < minorNumber(GO_DEFAULTS.oldestImage)) {
      warnings.push(`${candidate.file}: Go ${minor} is older than any maintained golang image; building with Go ${GO_DEFAULTS.go} (it honours older go directives). Pass --go-version to choose.`);
      evidence.push({ file: candidate.file, reason: `${candidate.reason(candidate.value)} is a minimum; using Go ${GO_DEFAULTS.go}` });
      return GO_DEFAULTS.go;
    }
    evidence.push({ file: candidate.file, reason: `${candidate.reason(candidate.value)} → golang:${minor}` });
    return minor;
  }
  evidence.push({ file: '(default)', reason: `current stable Go ${GO_DEFAULTS.go}` });
  return GO_DEFAULTS.go;
}
