import type { Evidence, Project } from '../../types.js';
import { BOOT_SINCE, bootAtLeast, springBootPackaging, type Framework, type Packaging } from './facts.js';
import { blocks, stripComments } from './gradle-text.js';
import { parseCatalog, parseGradleBuild, parseGradleSettings, propertiesValue, type ArchiveSettings, type Catalog, type GradleBuild } from './gradle.js';

export interface GradleModule {
  readonly path: string;
  /** Gradle project name: the folder name, or for the root rootProject.name (else the container folder, `app`). */
  readonly name: string;
  readonly build: GradleBuild;
  readonly root: GradleBuild | null;
  /** Project version as the build sets it: a literal, 'dynamic', or null (unspecified). */
  readonly version: string | 'dynamic' | null;
}

const SHADOW = ['com.github.johnrengelman.shadow', 'com.gradleup.shadow', 'io.github.goooler.shadow'];
/** WORKDIR of the build stage: a root project without rootProject.name takes the folder's name. */
export const CONTAINER_DIR_NAME = 'app';

async function buildFile(project: Project, dir: string): Promise<string | null> {
  for (const name of ['build.gradle.kts', 'build.gradle']) {
    const file = `${dir === '' ? '' : `${dir}/`}${name}`;
    if (await project.exists(file)) return file;
  }
  return null;
}

async function readCatalog(project: Project, warnings: string[]): Promise<Catalog | undefined> {
  const text = await project.readText('gradle/libs.versions.toml');
  if (text === null) return undefined;
  try {
    return parseCatalog(text);
  } catch (error) {
    warnings.push(`gradle/libs.versions.toml could not be parsed (${(error as Error).message.split('\n')[0]}); plugins and libraries named through it are not recognised.`);
    return undefined;
  }
}

/** Version for a subproject: its own, then the root's allprojects/subprojects block, then gradle.properties. */
function sharedVersion(rootText: string | null): string | 'dynamic' | null {
  if (rootText === null) return null;
  const shared = blocks(stripComments(rootText), /allprojects|subprojects/).join('\n');
  return parseGradleBuild('(shared)', `${shared}\n`).version;
}

export async function readGradleModules(project: Project, warnings: string[]): Promise<{ modules: GradleModule[]; files: string[] }> {
  const settingsFile = (await project.exists('settings.gradle.kts')) ? 'settings.gradle.kts' : (await project.exists('settings.gradle')) ? 'settings.gradle' : null;
  const settings = parseGradleSettings(settingsFile === null ? '' : ((await project.readText(settingsFile)) ?? ''));
  const catalog = await readCatalog(project, warnings);
  const rootFile = await buildFile(project, '');
  const rootText = rootFile === null ? null : await project.readText(rootFile);
  const root = rootFile === null || rootText === null ? null : parseGradleBuild(rootFile, rootText, catalog);
  const props = await project.readText('gradle.properties');
  const propsVersion = props === null ? null : propertiesValue(props, 'version');
  const files = [settingsFile, rootFile, props === null ? null : 'gradle.properties', catalog === undefined ? null : 'gradle/libs.versions.toml'].filter((f): f is string => f !== null);
  const modules: GradleModule[] = [];
  for (const path of settings.includes) {
    if (!/^[\w.@+-]+(\/[\w.@+-]+)*$/.test(path)) continue;
    const file = await buildFile(project, path);
    if (file === null) continue;
    files.push(file);
    const build = parseGradleBuild(file, (await project.readText(file)) ?? '', catalog);
    modules.push({ path, name: path.split('/').pop() as string, build, root, version: build.version ?? sharedVersion(rootText) ?? propsVersion });
  }
  if (root !== null && (modules.length === 0 || root.plugins.some((p) => p === 'application' || p === 'org.springframework.boot' || p === 'io.quarkus'))) {
    modules.unshift({ path: '', name: settings.rootName ?? CONTAINER_DIR_NAME, build: root, root, version: root.version ?? propsVersion });
  }
  return { modules, files };
}

export function gradleFramework(m: GradleModule): { framework: Framework | null; version: string | null; reason: string } {
  const plugins = m.build.plugins;
  const deps = m.build.dependencies;
  const versionOf = (id: string): string | null => m.build.pluginVersions[id] ?? m.root?.pluginVersions[id] ?? null;
  if (plugins.includes('org.springframework.boot')) return { framework: 'spring-boot', version: versionOf('org.springframework.boot'), reason: `${m.build.file}: org.springframework.boot plugin` };
  if (plugins.includes('io.quarkus') || deps.some((d) => d.startsWith('io.quarkus'))) return { framework: 'quarkus', version: versionOf('io.quarkus'), reason: `${m.build.file}: Quarkus` };
  if (plugins.some((p) => p.startsWith('io.micronaut.')) || deps.some((d) => d.startsWith('io.micronaut'))) return { framework: 'micronaut', version: null, reason: `${m.build.file}: Micronaut` };
  return { framework: null, version: null, reason: '' };
}

/** `<base>-<version>-<classifier>.jar` as Gradle names archives; an unspecified version is left out. */
function archiveName(m: GradleModule, a: ArchiveSettings, classifier: string | null): string | null {
  if (a.dynamic) return null;
  if (a.fileName !== null) return a.fileName;
  const version = a.version ?? m.version;
  if (version === 'dynamic') return null;
  const parts = [a.baseName ?? m.name, version === 'unspecified' ? null : version, a.classifier ?? classifier].filter((p): p is string => p !== null && p !== '');
  return `${parts.join('-')}.jar`;
}

export function gradlePackaging(m: GradleModule, framework: Framework | null, version: string | null, evidence: Evidence[]): { packaging: Packaging; task: string } {
  const libs = (name: string | null): string | null => (name === null ? null : `build/libs/${name}`);
  const a = m.build.archives;
  if (framework === 'spring-boot') {
    const packaging = springBootPackaging(version, libs(archiveName(m, a.bootJar, null)));
    if (packaging.kind === 'fat-jar') evidence.push({ file: m.build.file, reason: `Spring Boot ${version ?? ''} jars are not layered by default (2.4+): the image runs the fat jar` });
    // Boot 1.x has no bootJar task: bootRepackage runs as part of assemble.
    return { packaging, task: bootAtLeast(version, BOOT_SINCE.bootJarTask) ? 'bootJar' : 'assemble' };
  }
  if (framework === 'quarkus') return { packaging: { kind: 'quarkus', dir: 'build/quarkus-app' }, task: 'quarkusBuild' };
  if (m.build.plugins.some((p) => SHADOW.includes(p))) {
    evidence.push({ file: m.build.file, reason: 'the Shadow plugin builds a runnable fat jar (-all)' });
    return { packaging: { kind: 'fat-jar', jar: libs(archiveName(m, a.shadowJar, 'all')), mainClass: m.build.mainClass }, task: 'shadowJar' };
  }
  const applies = (id: string): boolean => m.build.plugins.includes(id) || (id === 'application' && framework === 'micronaut');
  if (applies('application') && m.build.mainClass !== null) {
    evidence.push({ file: m.build.file, reason: `application plugin, main class ${m.build.mainClass}` });
    return { packaging: { kind: 'install-dist', dir: `build/install/${m.build.applicationName ?? m.name}`, mainClass: m.build.mainClass }, task: 'installDist' };
  }
  const jar = libs(archiveName(m, a.jar, null));
  const mainClass = m.build.mainClass;
  if (mainClass === null) return { packaging: { kind: 'plain-jar', jar, mainClass }, task: 'jar' };
  if (m.build.jarBundlesDependencies) {
    evidence.push({ file: m.build.file, reason: `jar manifest Main-Class ${mainClass}; the jar task bundles the runtime classpath: java -jar` });
    return { packaging: { kind: 'fat-jar', jar, mainClass }, task: 'jar' };
  }
  if (!m.build.runtimeDependencies) {
    evidence.push({ file: m.build.file, reason: `jar manifest Main-Class ${mainClass} and no runtime dependencies: java -jar` });
    return { packaging: { kind: 'plain-jar', jar, mainClass }, task: 'jar' };
  }
  // A thin jar: without the application or Shadow plugin nothing puts its dependencies beside it.
  evidence.push({ file: m.build.file, reason: `jar manifest Main-Class ${mainClass} in a thin jar: the runtime classpath is copied next to it` });
  return { packaging: { kind: 'jar-with-lib', jar, mainClass, lib: GRADLE_RUNTIME_LIBS }, task: 'jar' };
}

/** Where the copyRuntimeLibs task of the generated init script puts a thin jar's dependencies. */
export const GRADLE_RUNTIME_LIBS = 'build/runtime-libs';
