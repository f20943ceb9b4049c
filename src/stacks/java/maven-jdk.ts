import type { Project } from '../../types.js';
import { javaRange, type JdkBound } from './jdk-bounds.js';
import { findPlugin, interpolate, pluginSetting, type Pom } from './pom.js';

/**
 * The newest JDK each Maven release is known to run on, newest Maven first (the JDK support
 * noted for Maven releases: JDK 11 from 3.5.4, 16 from 3.8.1, 17 from 3.8.3 (3.6.3 is reported not
 * to support 17), 21 and 25 on 3.9). A JDK newer than the last one confirmed for a release is not
 * assumed to work. Maven 4 needs JDK 17 to run.
 */
const MAVEN_RUNS_UP_TO: readonly (readonly [maven: readonly [number, number, number], jdk: number])[] = [
  [[3, 9, 0], 25], [[3, 8, 3], 17], [[3, 8, 1], 16], [[3, 6, 3], 15], [[3, 6, 2], 14], [[3, 6, 1], 13], [[3, 6, 0], 12],
  [[3, 5, 4], 11], [[3, 5, 3], 10], [[3, 5, 0], 9], [[0, 0, 0], 8],
];

function parts(version: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = version.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  return [a, b, c];
}

export function mavenMaxJdk(version: string): number | null {
  const v = parts(version);
  if (v[0] >= 4) return null;
  const row = MAVEN_RUNS_UP_TO.find(([m]) => v[0] > m[0] || (v[0] === m[0] && (v[1] > m[1] || (v[1] === m[1] && v[2] >= m[2]))));
  return row?.[1] ?? 8;
}

/** `distributionUrl=…/apache-maven-3.8.6-bin.zip` → `3.8.6`. */
export function wrapperMavenVersion(properties: string): string | null {
  return /^\s*distributionUrl\s*[=:].*apache-maven-(\d+\.\d+(?:\.\d+)?(?:-[\w.-]+?)?)-bin\.(?:zip|tar\.gz)/m.exec(properties)?.[1] ?? null;
}

async function wrapperBound(project: Project): Promise<JdkBound | null> {
  const file = '.mvn/wrapper/maven-wrapper.properties';
  const text = await project.readText(file);
  const maven = text === null ? null : wrapperMavenVersion(text);
  if (maven === null) return null;
  const fix = `Upgrade the wrapper (./mvnw wrapper:wrapper -Dmaven=<newer>) or the build fails.`;
  const max = mavenMaxJdk(maven);
  if (max === null) return { file, min: 17, max: null, reason: `Maven ${maven} needs JDK 17 or newer`, fix };
  return { file, min: null, max, reason: `Maven ${maven} runs on JDK ${max} at most`, fix };
}

/**
 * What the build's Maven tools allow: the wrapper's Maven release, `requireJavaVersion` of the
 * enforcer plugin (a bare version is a minimum), and a JDK toolchain (a bare version is exact).
 * `toolchain` is the version a JDK toolchain must provide when the build selects one (then the
 * image needs a toolchains.xml describing its own JDK): the plugin's bare version, '' for a range.
 */
export async function mavenJdkBounds(project: Project, poms: readonly { pom: Pom; inherited: Readonly<Record<string, string>> }[], wrapper: boolean): Promise<{ bounds: JdkBound[]; toolchain: string | null }> {
  const bounds: JdkBound[] = [];
  const fromWrapper = wrapper ? await wrapperBound(project) : null;
  if (fromWrapper !== null) bounds.push(fromWrapper);
  let toolchain: string | null = null;
  for (const { pom, inherited } of poms) {
    const value = (raw: string | null): string | null => interpolate(raw, pom, inherited);
    const enforced = value(pluginSetting(findPlugin(pom, 'maven-enforcer-plugin'), 'rules.requireJavaVersion.version'));
    const range = enforced === null ? null : javaRange(enforced, 'minimum');
    if (enforced !== null && range !== null) bounds.push({ file: pom.file, ...range, reason: `maven-enforcer-plugin requireJavaVersion ${enforced}`, fix: 'Change the requireJavaVersion rule or the compiler release so they agree.' });
    const toolchains = findPlugin(pom, 'maven-toolchains-plugin');
    if (toolchains === undefined) continue;
    // `toolchain` goal: <toolchains><jdk><version>; `select-jdk-toolchain` goal (3.2+): <version>.
    const wanted = value(pluginSetting(toolchains, 'toolchains.jdk.version') ?? pluginSetting(toolchains, 'version'));
    const jdk = wanted === null ? null : javaRange(wanted, 'exact');
    toolchain ??= wanted !== null && jdk !== null && jdk.min === jdk.max && /^\d{1,3}(\.\d{1,4}){0,2}$/.test(wanted) ? wanted : '';
    if (wanted !== null && jdk !== null) bounds.push({ file: pom.file, ...jdk, reason: `maven-toolchains-plugin selects JDK ${wanted}`, fix: 'Change the toolchain version or the compiler release so they agree.' });
  }
  return { bounds, toolchain };
}
