import type { Evidence, Project } from '../../types.js';
import { findPlugin, interpolate, parsePom, pluginMentions, pluginSetting, type Pom } from './pom.js';
import { springBootPackaging, type Framework, type Packaging } from './facts.js';

/** A module's pom with what it inherits from the reactor root (properties, Spring Boot parent). */
export interface MavenModule {
  readonly path: string;
  readonly pom: Pom;
  readonly inherited: Readonly<Record<string, string>>;
  readonly root: Pom;
}

const MAX_MODULE_DEPTH = 3;

/** Root pom plus every `<modules>` entry, depth-first, only through plain relative folders. */
export async function readMavenModules(project: Project, root: Pom, warnings: string[]): Promise<MavenModule[]> {
  const found: MavenModule[] = [];
  const visit = async (dir: string, pom: Pom, inherited: Record<string, string>, depth: number): Promise<void> => {
    if (pom.modules.length === 0 || depth >= MAX_MODULE_DEPTH) {
      if (pom.packaging !== 'pom') found.push({ path: dir, pom, inherited, root });
      return;
    }
    for (const name of pom.modules) {
      const rel = `${dir === '' ? '' : `${dir}/`}${name}`.replace(/\/pom\.xml$/, '').replace(/\/+$/, '');
      if (!/^[\w.@+-]+(\/[\w.@+-]+)*$/.test(rel) || rel.split('/').includes('..')) {
        warnings.push(`Module "${name}" in ${pom.file} is outside the repository or has an unusual path; it is skipped.`);
        continue;
      }
      const file = `${rel}/pom.xml`;
      const text = await project.readText(file);
      if (text === null) {
        warnings.push(`${pom.file} lists module ${name}, but ${file} does not exist.`);
        continue;
      }
      await visit(rel, parsePom(file, text), { ...inherited, ...pom.properties }, depth + 1);
    }
  };
  await visit('', root, {}, 0);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

const has = (pom: Pom, group: RegExp, artifact?: RegExp): boolean =>
  pom.dependencies.some((d) => group.test(d.groupId) && (artifact === undefined || artifact.test(d.artifactId)));

/** Spring Boot from the parent, a BOM import or the plugin; the version where the files say it. */
function springBootVersion(m: MavenModule): { found: boolean; version: string | null; reason: string } {
  for (const pom of [m.pom, m.root]) {
    const value = (raw: string | null): string | null => interpolate(raw, pom, m.inherited);
    if (pom.parent?.artifactId === 'spring-boot-starter-parent') return { found: true, version: value(pom.parent.version), reason: `${pom.file}: parent spring-boot-starter-parent` };
    const bom = pom.managed.find((d) => d.artifactId === 'spring-boot-dependencies');
    if (bom !== undefined) return { found: true, version: value(bom.version), reason: `${pom.file}: imports spring-boot-dependencies` };
    const plugin = findPlugin(pom, 'spring-boot-maven-plugin');
    if (plugin !== undefined && plugin.version !== null) return { found: true, version: value(plugin.version), reason: `${pom.file}: spring-boot-maven-plugin` };
  }
  const plugin = findPlugin(m.pom, 'spring-boot-maven-plugin');
  return { found: plugin !== undefined || has(m.pom, /^org\.springframework\.boot$/), version: null, reason: `${m.pom.file}: Spring Boot dependencies` };
}

export function mavenFramework(m: MavenModule): { framework: Framework | null; version: string | null; reason: string } {
  const boot = springBootVersion(m);
  // In a reactor under a Boot parent, only modules that repackage with the plugin are applications.
  const library = m.path !== '' && findPlugin(m.pom, 'spring-boot-maven-plugin') === undefined;
  if (boot.found && !library) return { framework: 'spring-boot', version: boot.version, reason: boot.reason };
  const quarkus = m.pom.plugins.find((p) => p.artifactId === 'quarkus-maven-plugin');
  if (quarkus !== undefined || has(m.pom, /^io\.quarkus/)) return { framework: 'quarkus', version: interpolate(quarkus?.version ?? null, m.pom, m.inherited), reason: `${m.pom.file}: Quarkus` };
  const micronautParent = [m.pom.parent, m.root.parent].some((p) => p?.artifactId === 'micronaut-parent');
  if (micronautParent || findPlugin(m.pom, 'micronaut-maven-plugin') !== undefined || has(m.pom, /^io\.micronaut/)) return { framework: 'micronaut', version: null, reason: `${m.pom.file}: Micronaut` };
  return { framework: null, version: null, reason: '' };
}

/** `${artifactId}-${version}` unless <finalName> says otherwise; null when a reference cannot be resolved. */
export function mavenFinalName(m: MavenModule): string | null {
  const raw = m.pom.finalName ?? '${project.artifactId}-${project.version}';
  return interpolate(raw, m.pom, m.inherited);
}

function mainClassOf(m: MavenModule): string | null {
  const fromJar = pluginSetting(findPlugin(m.pom, 'maven-jar-plugin'), 'archive.manifest.mainClass');
  const fromShade = pluginSetting(findPlugin(m.pom, 'maven-shade-plugin'), 'transformers.transformer.mainClass');
  const fromAssembly = pluginSetting(findPlugin(m.pom, 'maven-assembly-plugin'), 'archive.manifest.mainClass');
  // `mvn exec:java` is how many plain apps are run during development: its mainClass is the app's.
  const fromExec = pluginSetting(findPlugin(m.pom, 'exec-maven-plugin'), 'mainClass');
  const props = { ...m.inherited, ...m.pom.properties };
  const raw = fromJar ?? fromShade ?? fromAssembly ?? fromExec ?? props['exec.mainClass'] ?? props['main.class'] ?? props['start-class'] ?? null;
  return interpolate(raw, m.pom, m.inherited);
}

/** What `mvn package` leaves in target/ and how it runs. */
export function mavenPackaging(m: MavenModule, framework: Framework | null, version: string | null, evidence: Evidence[]): Packaging {
  const finalName = mavenFinalName(m);
  const jar = (suffix = ''): string | null => (finalName === null ? null : `target/${finalName}${suffix}.jar`);
  if (framework === 'spring-boot') {
    const packaging = springBootPackaging(version, jar());
    if (packaging.kind === 'fat-jar') evidence.push({ file: m.pom.file, reason: `Spring Boot ${version ?? ''} jars are not layered by default (2.4+): the image runs the fat jar` });
    return packaging;
  }
  if (framework === 'quarkus') return { kind: 'quarkus', dir: 'target/quarkus-app' };
  const shade = findPlugin(m.pom, 'maven-shade-plugin');
  if (shade !== undefined || framework === 'micronaut') {
    evidence.push({ file: m.pom.file, reason: framework === 'micronaut' ? 'Micronaut builds a shaded jar' : 'maven-shade-plugin builds a runnable fat jar' });
    const attached = pluginSetting(shade, 'shadedArtifactAttached') === 'true';
    const shadeName = interpolate(pluginSetting(shade, 'finalName'), m.pom, m.inherited);
    const mainClass = mainClassOf(m);
    if (shadeName !== null) return { kind: 'fat-jar', jar: `target/${shadeName}.jar`, mainClass };
    return { kind: 'fat-jar', jar: attached ? jar(`-${pluginSetting(shade, 'shadedClassifierName') ?? 'shaded'}`) : jar(), mainClass };
  }
  const assembly = findPlugin(m.pom, 'maven-assembly-plugin');
  if (pluginMentions(assembly, 'jar-with-dependencies')) {
    evidence.push({ file: m.pom.file, reason: 'maven-assembly-plugin builds a jar-with-dependencies' });
    return { kind: 'fat-jar', jar: jar('-jar-with-dependencies'), mainClass: mainClassOf(m) };
  }
  const mainClass = mainClassOf(m);
  if (mainClass !== null) {
    evidence.push({ file: m.pom.file, reason: `main class ${mainClass}; dependencies are copied next to the jar` });
    return { kind: 'jar-with-lib', jar: jar(), mainClass };
  }
  return { kind: 'plain-jar', jar: jar(), mainClass: null };
}

export function mavenDependencies(m: MavenModule): string[] {
  return m.pom.dependencies.map((d) => `${d.groupId}:${d.artifactId}`);
}

/** JDK level from maven.compiler.release/source/target, java.version, or the compiler plugin. */
export function mavenJavaVersion(m: MavenModule): { value: string; reason: string } | null {
  const props = { ...m.inherited, ...m.pom.properties };
  for (const key of ['maven.compiler.release', 'maven.compiler.source', 'maven.compiler.target', 'java.version']) {
    const value = interpolate(props[key] ?? null, m.pom, m.inherited);
    if (value !== null) return { value, reason: `${key} is ${value}` };
  }
  const compiler = findPlugin(m.pom, 'maven-compiler-plugin') ?? findPlugin(m.root, 'maven-compiler-plugin');
  for (const key of ['release', 'source', 'target']) {
    const value = interpolate(pluginSetting(compiler, key), m.pom, m.inherited);
    if (value !== null) return { value, reason: `maven-compiler-plugin <${key}> is ${value}` };
  }
  return null;
}
