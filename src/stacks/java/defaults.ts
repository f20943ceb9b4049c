/**
 * Java versions and images used when the repo names none. Pinned here (never read from the
 * machine) so the same repo gives the same Dockerfile everywhere. Review when a new LTS ships.
 */
export const JAVA_DEFAULTS = {
  /** Current Java LTS (25, GA 2025-09-16; the next LTS, 29, is due 2027-09). */
  lts: '25',
  /** Maven line of the official `maven:<ver>-eclipse-temurin-<jdk>` builder image (no wrapper). */
  maven: '3.9',
  /** Gradle major of the official `gradle:<ver>-jdk<jdk>` builder image (no wrapper); Gradle 9 needs JDK 17+. */
  gradle: '9',
  gradleForOldJdk: '8',
  /**
   * go-offline pinned to a release that skips reactor modules: an unpinned `dependency:` prefix
   * resolves whatever is newest, and old releases try to download sibling modules in multi-module builds.
   */
  dependencyPlugin: 'org.apache.maven.plugins:maven-dependency-plugin:3.9.0',
  /** Distroless publishes Java only on Debian 13 since the debian12 Java images were retired. */
  distrolessJava: [17, 21, 25] as readonly number[],
  /** Fixed uid/gid for the runtime user on images without one (temurin is Ubuntu-based). */
  uid: 10001,
  /** Spring Boot 3.3 introduced `-Djarmode=tools`; 3.2 moved the launcher to `...loader.launch`. */
  bootToolsSince: [3, 3] as const,
  bootLaunchPackageSince: [3, 2] as const,
} as const;

/** Container-aware heap sizing: the JVM sizes its heap from the cgroup limit, not the host. */
export const JAVA_TOOL_OPTIONS = '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError';
