/**
 * Which CPython minors the compiled packages of a lockfile can install from a wheel. uv.lock,
 * poetry.lock and pdm.lock all list each package's files under a `[[package]]` table; a wheel's
 * name carries its tags (PEP 427: name-version[-build]-python-abi-platform.whl). A package with a
 * pure wheel (`py3-none-any`) or no wheel at all is ignored: any Python installs it. A compiled one
 * installs without a compiler only on the minors it ships Linux wheels for (`cp313-cp313`), or
 * on every minor from its floor with the stable ABI (`cp39-abi3`).
 */
export interface CompiledPackage {
  readonly name: string;
  readonly version: string | null;
  /** Minors with an exact-ABI Linux wheel (`3.13`). */
  readonly minors: readonly string[];
  /** Lowest minor of an abi3 Linux wheel, which also installs on every later minor; null when none. */
  readonly abi3From: string | null;
}

const WHEEL = /([A-Za-z0-9_.]+)-([A-Za-z0-9_.!+]+)(?:-\d[\w.]*)?-([\w.]+)-([\w.]+)-([\w.]+)\.whl/g;
const LINUX = /(?:^|\.)(?:many|musl)?linux/;

function minorOf(tag: string): string | null {
  const m = /^cp3(\d{1,2})$/.exec(tag);
  return m === null ? null : `3.${m[1]}`;
}

function minorNumber(minor: string): number {
  return Number(minor.split('.')[1]);
}

/** The compiled packages of one lockfile's text, in lock order; empty when none or unreadable. */
export function compiledPackages(lockText: string): CompiledPackage[] {
  const found: CompiledPackage[] = [];
  for (const block of lockText.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (name === undefined) continue;
    const version = /^version\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? null;
    const minors = new Set<string>();
    let abi3From: string | null = null;
    let pure = false;
    let wheels = 0;
    for (const wheel of block.matchAll(WHEEL)) {
      const [python, abi, platform] = [wheel[3] as string, wheel[4] as string, wheel[5] as string];
      wheels++;
      if (abi === 'none' && platform === 'any') pure = true;
      if (!LINUX.test(platform)) continue;
      for (const tag of python.split('.')) {
        const minor = minorOf(tag);
        if (minor === null) continue;
        if (abi === 'abi3') abi3From = abi3From === null || minorNumber(minor) < minorNumber(abi3From) ? minor : abi3From;
        else if (abi === tag) minors.add(minor);
      }
    }
    if (pure || wheels === 0 || (minors.size === 0 && abi3From === null)) continue;
    found.push({ name, version, minors: [...minors].sort((a, b) => minorNumber(b) - minorNumber(a)), abi3From });
  }
  return found;
}

export function hasWheelFor(pkg: CompiledPackage, minor: string): boolean {
  return pkg.minors.includes(minor) || (pkg.abi3From !== null && minorNumber(minor) >= minorNumber(pkg.abi3From));
}

/** "pydantic-core 2.27.2 (wheels up to cp314)" for the evidence. */
export function describeWheels(pkg: CompiledPackage): string {
  const newest = pkg.minors[0];
  const range = pkg.abi3From !== null ? `abi3 wheels from cp${pkg.abi3From.replace('.', '')}` : `wheels up to cp${(newest ?? '').replace('.', '')}`;
  return `${pkg.name}${pkg.version === null ? '' : ` ${pkg.version}`} (${range})`;
}
