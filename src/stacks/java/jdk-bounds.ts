import type { Evidence } from '../../types.js';
import { LTS_JDKS } from './wrapper-jdk.js';

/**
 * A limit the build's tools put on the JDK in the image: the wrapper's Gradle or Maven release
 * (the newest JDK it runs on), an enforcer rule, a toolchain, or a compile target javac has dropped.
 */
export interface JdkBound {
  readonly file: string;
  /** Lowest and highest JDK major allowed (inclusive); null when open on that side. */
  readonly min: number | null;
  readonly max: number | null;
  /** Why, as evidence: "Maven 3.8.6 runs on JDK 17 at most". */
  readonly reason: string;
  /** What the user can change when the build itself asks for a JDK outside the bound. */
  readonly fix: string;
}

function describe(bounds: readonly JdkBound[]): string {
  return bounds.map((b) => b.reason).join('; ');
}

/**
 * The JDK of the image: the wanted one (the build's target, a version file or the default LTS)
 * when every bound allows it; otherwise the newest LTS the bounds allow, never below a target the
 * build names. A JDK the build demands but a tool cannot run is kept with a warning, since only the
 * user can upgrade the tool; bounds that contradict each other are reported the same way.
 */
export function chooseJdk(wanted: string, fromBuild: boolean, bounds: readonly JdkBound[], evidence: Evidence[], warnings: string[]): string {
  const jdk = Number(wanted);
  const violated = bounds.filter((b) => (b.min !== null && jdk < b.min) || (b.max !== null && jdk > b.max));
  if (violated.length === 0) return wanted;
  const lo = Math.max(fromBuild ? jdk : 0, ...bounds.map((b) => b.min ?? 0));
  const hi = Math.min(...bounds.map((b) => b.max ?? Number.POSITIVE_INFINITY));
  const lts = LTS_JDKS.find((v) => v >= lo && v <= hi);
  const pick = lts ?? (lo <= hi && Number.isFinite(hi) ? hi : lo <= hi ? lo : null);
  if (pick === null) {
    const first = violated[0] as JdkBound;
    warnings.push(`${first.file}: ${describe(violated)}, but the build asks for JDK ${wanted}. ${first.fix}`);
    return wanted;
  }
  const files = [...new Set(violated.map((b) => b.file))];
  evidence.push({ file: files.join(', '), reason: `${describe(violated)}: JDK ${pick}, the newest ${lts === undefined ? 'JDK' : 'LTS'} it can run` });
  return String(pick);
}

/** Newest first: javac drops the oldest targets (JEP 182). Target 5 compiles up to JDK 8, 6 up to 11, 7 up to 19. */
const LAST_JDK_FOR_TARGET: Readonly<Record<number, number>> = { 5: 8, 6: 11, 7: 19 };

/** `1.7`, `7`, `1.6` → the bound of a compile target the newest javac no longer accepts; null otherwise. */
export function legacyTargetBound(value: string, file: string, what: string): JdkBound | null {
  const target = Number(/^(?:1\.)?([5-7])$/.exec(value.trim())?.[1] ?? NaN);
  const max = LAST_JDK_FOR_TARGET[target];
  if (max === undefined) return null;
  return { file, min: null, max, reason: `${what} ${value} compiles only on JDK ${max} or older`, fix: 'Raise the target to 8 or newer to build on a current JDK.' };
}

/** A Java version as Maven writes it (`1.8`, `17`, `21.0.2`) → its major. */
function major(value: string): number | null {
  const m = /^\s*(?:1\.(\d+)|(\d+))(?:[.\-_]\S*)?\s*$/.exec(value);
  const n = Number(m?.[1] ?? m?.[2] ?? NaN);
  return Number.isInteger(n) ? n : null;
}

/**
 * A Maven version range (`[17,18)`, `[11,)`, `(,21]`, `[17]`) as JDK majors. A bare version is a
 * minimum for the enforcer and an exact match for a toolchain (`bare`). Several ranges: null.
 */
export function javaRange(spec: string, bare: 'minimum' | 'exact'): { min: number | null; max: number | null } | null {
  const s = spec.trim();
  if (!/^[[(]/.test(s)) {
    const v = major(s);
    return v === null ? null : { min: v, max: bare === 'exact' ? v : null };
  }
  const m = /^([[(])\s*([^,\])]*?)\s*(?:,\s*([^\])]*?)\s*)?([\])])$/.exec(s);
  if (m === null) return null;
  const [, , low = '', high, close] = m;
  if (high === undefined) {
    const v = major(low);
    return v === null ? null : { min: v, max: v };
  }
  const lo = low === '' ? null : major(low);
  const hi = high === '' ? null : major(high);
  if ((low !== '' && lo === null) || (high !== '' && hi === null)) return null;
  // `,18)` excludes every JDK 18 release, so 17 is the top; `(17,` still admits 17.0.1 and later.
  return { min: lo, max: hi === null ? null : close === ')' && /^\s*(?:1\.)?\d+\s*$/.test(high) ? hi - 1 : hi };
}
