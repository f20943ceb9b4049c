import type { Choice, Detection, Evidence, Project } from '../../types.js';
import { configEvidence, portValue, readAppConfig } from './app-config.js';
import { frameworkLabel, startCommand, type BuildTool, type Framework, type JavaFacts, type ModuleFacts, type Packaging, type Probe } from './facts.js';
import { CONTAINER_DIR_NAME, gradleFramework, gradlePackaging, readGradleModules } from './gradle-project.js';
import { mavenDependencies, mavenFramework, mavenJavaVersion, mavenPackaging, readMavenModules } from './maven.js';
import { interpolate, parsePom } from './pom.js';
import { detectJavaVersion, javaMajor } from './version.js';
import { chooseJdk, legacyTargetBound, type JdkBound } from './jdk-bounds.js';
import { mavenJdkBounds } from './maven-jdk.js';
import { gradleWrapperBound } from './wrapper-jdk.js';

const DEFAULT_PORT = 8080;
const PORT_KEY: Record<Framework, string> = { 'spring-boot': 'server.port', quarkus: 'quarkus.http.port', micronaut: 'micronaut.server.port' };

interface Raw {
  path: string;
  name: string;
  framework: { framework: Framework | null; version: string | null; reason: string };
  packaging: Packaging;
  task: string;
  dependencies: string[];
}

async function moduleFacts(project: Project, raw: Raw, evidence: Evidence[], warnings: string[]): Promise<ModuleFacts> {
  const { framework, version } = raw.framework;
  if (framework !== null) evidence.push({ file: raw.framework.reason.split(':')[0] ?? '', reason: `${frameworkLabel(framework)}${version === null ? '' : ` ${version}`}${raw.path === '' ? '' : ` (module ${raw.path})`}` });
  const { config, files } = await readAppConfig(project, raw.path, warnings);
  let port = DEFAULT_PORT;
  const configured = framework === null ? null : portValue(config.get(PORT_KEY[framework]));
  if (framework !== null && configured !== null) {
    port = configured;
    evidence.push(configEvidence(files, PORT_KEY[framework], port));
  }
  const dep = (id: string): boolean => raw.dependencies.includes(id);
  let probe: Probe = framework === null ? { kind: 'tcp', port } : { kind: 'http', port, path: '/' };
  if (framework === 'spring-boot' && dep('org.springframework.boot:spring-boot-starter-actuator')) {
    const base = (config.get('management.endpoints.web.base-path') ?? '/actuator').replace(/\/$/, '');
    probe = { kind: 'http', port: portValue(config.get('management.server.port')) ?? port, path: /^\/[\w/-]*$/.test(base) ? `${base}/health` : '/actuator/health' };
    evidence.push({ file: raw.framework.reason.split(':')[0] ?? '', reason: `actuator: health check on ${probe.path}` });
  } else if (framework === 'quarkus' && dep('io.quarkus:quarkus-smallrye-health')) probe = { kind: 'http', port, path: '/q/health' };
  else if (framework === 'micronaut' && dep('io.micronaut:micronaut-management')) probe = { kind: 'http', port, path: '/health' };
  const at = raw.path === '' ? '' : `${raw.path}/`;
  return { path: raw.path, name: raw.name, framework, frameworkVersion: version, packaging: raw.packaging, task: raw.task, port, probe, sources: [`${at}src`] };
}

function moduleChoice(modules: readonly ModuleFacts[]): { choice: Choice | null; defaultModule: string } {
  const runnable = modules.filter((m) => startCommand(m) !== null);
  const pick = runnable[0] ?? modules[0];
  const defaultModule = pick?.path ?? '';
  if (modules.length < 2) return { choice: null, defaultModule };
  const reason = runnable.length === 1 ? 'the only module that builds a runnable application' : runnable.length > 1 ? 'the first runnable module in alphabetical order' : 'no module builds a runnable application; the first in alphabetical order';
  return {
    defaultModule,
    choice: {
      key: 'module', flag: '--module', message: 'Module to build and run',
      options: modules.map((m) => ({ value: m.path, label: `${m.path}${m.framework === null ? '' : ` (${frameworkLabel(m.framework)})`}${startCommand(m) === null ? ' (library)' : ''}` })),
      defaultValue: defaultModule, defaultReason: reason,
    },
  };
}

async function maven(project: Project, evidence: Evidence[], warnings: string[]) {
  const root = parsePom('pom.xml', (await project.readText('pom.xml')) as string);
  const modules = await readMavenModules(project, root, warnings);
  const raws: Raw[] = modules.map((m) => {
    const framework = mavenFramework(m);
    return { path: m.path, name: m.pom.artifactId ?? m.path, framework, packaging: mavenPackaging(m, framework.framework, framework.version, evidence), task: 'package', dependencies: mavenDependencies(m) };
  });
  const rootModule = { path: '', pom: root, inherited: {}, root };
  const jdk = mavenJavaVersion(rootModule) ?? (modules[0] === undefined ? null : mavenJavaVersion(modules[0]));
  const labels = { title: root.meta.name ?? root.artifactId, description: root.meta.description, version: interpolate(root.version, root), source: root.meta.url, licenses: root.meta.license };
  const poms = [{ pom: root, inherited: {} }, ...modules.filter((m) => m.path !== '')];
  return { raws, jdk: jdk === null ? null : { ...jdk, file: 'pom.xml' }, files: ['pom.xml', ...modules.filter((m) => m.path !== '').map((m) => m.pom.file)], labels, poms };
}

async function gradle(project: Project, evidence: Evidence[], warnings: string[]) {
  const { modules, files } = await readGradleModules(project, warnings);
  const raws: Raw[] = modules.map((m) => {
    const framework = gradleFramework(m);
    const { packaging, task } = gradlePackaging(m, framework.framework, framework.version, evidence);
    return { path: m.path, name: m.name, framework, packaging, task, dependencies: [...m.build.dependencies] };
  });
  const withJdk = [modules.find((m) => m.path === '')?.root ?? modules[0]?.root, ...modules.map((m) => m.build)].find((b) => b?.javaVersion != null);
  const root = modules[0]?.root ?? null;
  const version = root?.version;
  const rootName = modules.find((m) => m.path === '')?.name;
  const labels = { title: rootName === undefined || rootName === CONTAINER_DIR_NAME ? null : rootName, description: root?.description ?? null, version: version === 'dynamic' || version === undefined ? null : version, source: null, licenses: null };
  const jdk = withJdk?.javaVersion == null ? null : { value: withJdk.javaVersion, reason: 'toolchain / sourceCompatibility', file: withJdk.file };
  return { raws, jdk, files, labels, poms: [] };
}

async function wrapper(project: Project, tool: BuildTool): Promise<boolean> {
  return tool === 'maven'
    ? (await project.exists('mvnw')) && (await project.isDir('.mvn/wrapper'))
    : (await project.exists('gradlew')) && (await project.isDir('gradle/wrapper'));
}

export async function detectJava(project: Project): Promise<Detection<JavaFacts> | null> {
  const tool: BuildTool | null = (await project.exists('pom.xml')) ? 'maven'
    : (await project.glob(['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'], { deep: 1 })).length > 0 ? 'gradle' : null;
  if (tool === null) return null;
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const found = tool === 'maven' ? await maven(project, evidence, warnings) : await gradle(project, evidence, warnings);
  evidence.unshift({ file: found.files[0] ?? tool, reason: tool === 'maven' ? 'Maven project' : 'Gradle build' });
  const hasWrapper = await wrapper(project, tool);
  evidence.push(hasWrapper ? { file: tool === 'maven' ? 'mvnw' : 'gradlew', reason: 'the wrapper pins the build tool version' } : { file: '(default)', reason: `no wrapper: the official ${tool === 'maven' ? 'Maven' : 'Gradle'} image builds` });
  const modules: ModuleFacts[] = [];
  for (const raw of found.raws) modules.push(await moduleFacts(project, raw, evidence, warnings));
  if (modules.length === 0) return null;
  const wanted = await detectJavaVersion(project, found.jdk, evidence, warnings);
  const tools = tool === 'maven' ? await mavenJdkBounds(project, found.poms, hasWrapper) : { bounds: [], toolchain: null };
  const gradleWrapper = tool === 'gradle' && hasWrapper ? await gradleWrapperBound(project) : null;
  const legacy = found.jdk === null ? null : legacyTargetBound(found.jdk.value, found.jdk.file, found.jdk.reason.replace(/ is .*$/, ''));
  const bounds = [gradleWrapper, legacy, ...tools.bounds].filter((b): b is JdkBound => b !== null);
  const fromBuild = found.jdk !== null && legacy === null && wanted === javaMajor(found.jdk.value);
  const javaVersion = chooseJdk(wanted, fromBuild, bounds, evidence, warnings);
  const { choice, defaultModule } = moduleChoice(modules);
  const chosen = modules.find((m) => m.path === defaultModule) as ModuleFacts;
  for (const m of modules) if (m.packaging.kind !== 'quarkus' && m.packaging.kind !== 'install-dist' && m.packaging.jar === null) warnings.push(`The jar name of ${m.path === '' ? 'the project' : `module ${m.path}`} is computed at build time; the image build picks the single jar it finds and fails if there are several.`);
  const buildDirs: string[] = [];
  for (const dir of tool === 'maven' ? ['.mvn'] : ['gradle', 'buildSrc', 'build-logic']) if (await project.isDir(dir)) buildDirs.push(dir);
  const buildFiles = [...(hasWrapper ? [tool === 'maven' ? 'mvnw' : 'gradlew'] : []), ...found.files.filter((f) => !buildDirs.some((d) => f.startsWith(`${d}/`)))];
  const facts: JavaFacts = { tool, wrapper: hasWrapper, javaVersion, buildFiles, buildDirs, modules, defaultModule, labels: found.labels, ...(tools.toolchain === null ? {} : { toolchain: tools.toolchain }) };
  return {
    stack: 'java',
    facts,
    values: { packageManager: tool, languageVersion: javaVersion, framework: frameworkLabel(chosen.framework), startCommand: startCommand(chosen), port: chosen.port },
    evidence,
    choices: choice === null ? [] : [choice],
    warnings,
  };
}
