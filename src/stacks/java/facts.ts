/** What the Java detector learns; plain JSON so it can be snapshotted and remembered. */

export type BuildTool = 'maven' | 'gradle';
export type Framework = 'spring-boot' | 'quarkus' | 'micronaut';

/**
 * What the build leaves behind and how it starts. Paths are relative to the module folder;
 * `jar: null` means the file name depends on something computed at build time, so the build
 * stage picks the single candidate and fails loudly when there are none or several.
 * `jar-with-lib`: a thin jar whose runtime dependencies the build copies to `lib` (Maven's
 * `target/lib` when absent, through dependency:copy-dependencies).
 */
export type Packaging =
  | { readonly kind: 'spring-boot'; readonly jar: string | null; readonly extractor: 'tools' | 'layertools'; readonly launcher: string }
  | { readonly kind: 'quarkus'; readonly dir: string }
  | { readonly kind: 'fat-jar'; readonly jar: string | null; readonly mainClass: string | null }
  | { readonly kind: 'jar-with-lib'; readonly jar: string | null; readonly mainClass: string; readonly lib?: string }
  | { readonly kind: 'install-dist'; readonly dir: string; readonly mainClass: string }
  | { readonly kind: 'plain-jar'; readonly jar: string | null; readonly mainClass: string | null };

export type Probe = { readonly kind: 'http'; readonly port: number; readonly path: string } | { readonly kind: 'tcp'; readonly port: number };

export interface ModuleFacts {
  /** Folder inside the repo ('' for a single-module build). */
  readonly path: string;
  readonly name: string;
  readonly framework: Framework | null;
  readonly frameworkVersion: string | null;
  readonly packaging: Packaging;
  /** Maven goal or Gradle task that produces `packaging`. */
  readonly task: string;
  readonly port: number;
  /** What the HEALTHCHECK asks; null when nothing in the image can answer. */
  readonly probe: Probe | null;
  /** Source folders the dev overlay syncs. */
  readonly sources: readonly string[];
}

export interface JavaFacts {
  readonly tool: BuildTool;
  readonly wrapper: boolean;
  readonly javaVersion: string;
  /** Files copied before dependency resolution (build scripts, module poms, wrapper), and folders. */
  readonly buildFiles: readonly string[];
  readonly buildDirs: readonly string[];
  readonly modules: readonly ModuleFacts[];
  readonly defaultModule: string;
  readonly labels: { title: string | null; description: string | null; version: string | null; source: string | null; licenses: string | null };
  /**
   * Maven builds that select a JDK toolchain: the version the toolchain must provide ('' to use the
   * image's JDK major); absent otherwise. The image then describes its JDK in ~/.m2/toolchains.xml.
   */
  readonly toolchain?: string;
}

export function startCommand(module: ModuleFacts): string[] | null {
  const p = module.packaging;
  switch (p.kind) {
    case 'spring-boot':
      return ['java', p.launcher];
    case 'quarkus':
      return ['java', '-jar', 'quarkus-run.jar'];
    case 'fat-jar':
      return ['java', '-jar', 'app.jar'];
    case 'jar-with-lib':
      return ['java', '-cp', 'app.jar:lib/*', p.mainClass];
    case 'install-dist':
      return ['java', '-cp', 'lib/*', p.mainClass];
    case 'plain-jar':
      return p.mainClass === null ? null : ['java', '-jar', 'app.jar'];
  }
}

export function frameworkLabel(framework: Framework | null): string | null {
  return framework === 'spring-boot' ? 'Spring Boot' : framework === 'quarkus' ? 'Quarkus' : framework === 'micronaut' ? 'Micronaut' : null;
}

/** `3.3.1`, `2.1.4.RELEASE` → [3, 3], [2, 1]; an unknown version counts as current. */
function bootVersion(version: string | null): [number, number] {
  const [major, minor] = (version ?? '99.0').split('.').map((n) => Number.parseInt(n, 10));
  return [Number.isNaN(major) ? 99 : (major ?? 99), Number.isNaN(minor) ? 0 : (minor ?? 0)];
}

/** The first Spring Boot line with each packaging feature: layered jars by default, the tools jarmode, loader.launch. */
export const BOOT_SINCE = { bootJarTask: [2, 0], layeredByDefault: [2, 4], launchPackage: [3, 2], toolsJarmode: [3, 3] } as const;

export function bootAtLeast(version: string | null, since: readonly [number, number]): boolean {
  const [major, minor] = bootVersion(version);
  return major > since[0] || (major === since[0] && minor >= since[1]);
}

/**
 * The Spring Boot version decides the packaging: before 2.4 jars are not layered by default
 * (and 1.x has no jarmode or loader.launch at all), so the image runs the fat jar as built;
 * from 2.4 the layers are extracted, with `-Djarmode=tools` from 3.3 and the launcher in
 * `loader.launch` from 3.2.
 */
export function springBootPackaging(version: string | null, jar: string | null): Packaging {
  if (!bootAtLeast(version, BOOT_SINCE.layeredByDefault)) return { kind: 'fat-jar', jar, mainClass: null };
  return {
    kind: 'spring-boot',
    jar,
    extractor: bootAtLeast(version, BOOT_SINCE.toolsJarmode) ? 'tools' : 'layertools',
    launcher: bootAtLeast(version, BOOT_SINCE.launchPackage) ? 'org.springframework.boot.loader.launch.JarLauncher' : 'org.springframework.boot.loader.JarLauncher',
  };
}
