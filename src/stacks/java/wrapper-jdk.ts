import type { Project } from '../../types.js';
import type { JdkBound } from './jdk-bounds.js';

/**
 * The newest JDK each Gradle release runs on (the "running Gradle" column of
 * https://docs.gradle.org/current/userguide/compatibility.html), newest Gradle first. A wrapper
 * older than the JDK in the image fails before it compiles anything ("Unsupported class file
 * major version"), so the JDK is chosen within what the wrapper can run.
 */
const GRADLE_RUNS_UP_TO: readonly (readonly [gradle: readonly [number, number], jdk: number])[] = [
  [[9, 1], 25], [[8, 14], 24], [[8, 10], 23], [[8, 8], 22], [[8, 5], 21], [[8, 3], 20], [[7, 6], 19], [[7, 5], 18], [[7, 3], 17],
  [[7, 0], 16], [[6, 7], 15], [[6, 3], 14], [[6, 0], 13], [[5, 4], 12], [[5, 0], 11], [[4, 7], 10], [[4, 3], 9], [[0, 0], 8],
];

/** JDK lines with maintained Temurin images (the LTS releases), newest first. */
export const LTS_JDKS: readonly number[] = [25, 21, 17, 11, 8];

export function gradleMaxJdk(gradleVersion: string): number {
  const [major = 0, minor = 0] = gradleVersion.split(/[.-]/).map((n) => Number.parseInt(n, 10));
  const row = GRADLE_RUNS_UP_TO.find(([[m, n]]) => major > m || (major === m && minor >= n));
  return row?.[1] ?? 8;
}

/** `distributionUrl=…/gradle-8.2.1-bin.zip` → `8.2.1`. */
export function wrapperGradleVersion(properties: string): string | null {
  return /^\s*distributionUrl\s*[=:].*gradle-(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)-(?:bin|all)\.zip/m.exec(properties)?.[1] ?? null;
}

/** The Gradle wrapper's limit on the JDK, or null without a wrapper version. */
export async function gradleWrapperBound(project: Project): Promise<JdkBound | null> {
  const file = 'gradle/wrapper/gradle-wrapper.properties';
  const text = await project.readText(file);
  const gradle = text === null ? null : wrapperGradleVersion(text);
  if (gradle === null) return null;
  const max = gradleMaxJdk(gradle);
  return { file, min: null, max, reason: `Gradle ${gradle} runs on JDK ${max} at most`, fix: 'Upgrade the wrapper (./gradlew wrapper --gradle-version <newer>) or the build fails before compiling.' };
}
