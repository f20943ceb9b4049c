import { usageError } from '../../errors.js';
import type { BaseId } from '../../types.js';
import { BASE_IMAGES } from '../base-images.js';
import { JAVA_DEFAULTS } from './defaults.js';
import type { BuildTool } from './facts.js';

export interface JavaImages {
  readonly args: readonly { name: string; value: string }[];
  /** JDK + build tool: the wrapper needs only a JDK; without it, the official builder image. */
  readonly build: string;
  readonly runtime: string;
  /** The runtime user the production stage creates (Alpine's or Debian's tools), or null when the image has one (distroless `nonroot`). */
  readonly userSetup: UserSetup | null;
  readonly user: string;
  /** For a jlink runtime: where the JVM goes, so PATH can point at it. */
  readonly jlink: boolean;
}

function buildImage(tool: BuildTool, wrapper: boolean, major: number): { image: string; args: { name: string; value: string }[] } {
  if (wrapper) return { image: BASE_IMAGES.temurinJdk.reference, args: [] };
  if (tool === 'maven') return { image: BASE_IMAGES.maven.reference, args: [{ name: 'MAVEN_VERSION', value: JAVA_DEFAULTS.maven }] };
  const gradle = major >= 17 ? JAVA_DEFAULTS.gradle : JAVA_DEFAULTS.gradleForOldJdk;
  return { image: BASE_IMAGES.gradle.reference, args: [{ name: 'GRADLE_VERSION', value: gradle }] };
}

/** A system user and group `app` with this uid, no home and no login shell. */
export interface UserSetup {
  readonly alpine: boolean;
  readonly uid: number;
}

const uid = JAVA_DEFAULTS.uid;
const debianUser: UserSetup = { alpine: false, uid };
const alpineUser: UserSetup = { alpine: true, uid };

/** Runtime images per base: a JRE (never a JDK), or a jlink-built JVM on a plain OS image. */
export function javaImages(tool: BuildTool, wrapper: boolean, javaVersion: string, base: BaseId, jlink: boolean): JavaImages {
  const major = Number(javaVersion);
  const builder = buildImage(tool, wrapper, major);
  const args = [{ name: 'JAVA_VERSION', value: javaVersion }, ...builder.args];
  const numeric = `${uid}:${uid}`;
  if (base === 'distroless') {
    if (!jlink && !JAVA_DEFAULTS.distrolessJava.includes(major)) {
      throw usageError(`--base distroless: distroless publishes Java ${JAVA_DEFAULTS.distrolessJava.join(', ')} only, not ${javaVersion}. Use --base slim, --jlink, or --java-version with one of those.`);
    }
    const runtime = (jlink ? BASE_IMAGES.distrolessJavaBase : BASE_IMAGES.distrolessJava).reference;
    return { args, build: builder.image, runtime, userSetup: null, user: 'nonroot:nonroot', jlink };
  }
  if (base === 'alpine') {
    if (jlink) throw usageError('--jlink builds a glibc runtime from the Temurin JDK; it cannot run on Alpine (musl). Use --base slim or --base distroless with --jlink.');
    return { args, build: builder.image, runtime: BASE_IMAGES.temurinJreAlpine.reference, userSetup: alpineUser, user: numeric, jlink };
  }
  if (jlink) return { args, build: builder.image, runtime: BASE_IMAGES.debianSlim.reference, userSetup: debianUser, user: numeric, jlink };
  return { args, build: builder.image, runtime: BASE_IMAGES.temurinJre.reference, userSetup: debianUser, user: numeric, jlink };
}
