import { safePath } from '../../safe.js';
import { cacheMount, type CacheMount } from '../cache-mount.js';
import { copy, type Copy } from '../copy.js';
import { JAVA_DEFAULTS } from './defaults.js';
import type { JavaFacts, ModuleFacts } from './facts.js';
import { GRADLE_RUNTIME_LIBS } from './gradle-project.js';

/** How to call Maven or Gradle for one module, and which files resolve its dependencies. */
export interface ToolCommands {
  /** The wrapper script, copied executable first (`mvnw`, `gradlew`), or null. */
  readonly wrapper: string | null;
  /** COPYs of the other build scripts and folders only: this layer changes rarely. */
  readonly copyFirst: readonly Copy[];
  /**
   * The dependency cache, one per build tool on the builder: Maven's repository and Gradle's
   * caches are keyed by artifact coordinates, so apps share downloads; `locked` because neither
   * tool copes with two builds writing it at once.
   */
  readonly cacheMount: CacheMount;
  /** The optional private-repository credentials, a build secret (never ARG/ENV). */
  readonly secretMount: { readonly id: string; readonly target: string };
  readonly resolve: string;
  /**
   * Gradle's init script that adds a `copyRuntimeLibs` task, writing into this folder under the
   * build directory; null when the build copies no runtime libraries.
   */
  readonly runtimeLibs: string | null;
  readonly build: string;
  readonly test: string;
  /** Run once in the development image (e.g. install sibling modules), or null. */
  readonly devPrepare: string | null;
  /** Copies the dependency cache into the development image: its CMD runs without cache mounts. */
  readonly devBake: string;
  readonly dev: readonly string[];
  readonly env: readonly { name: string; value: string }[];
}

/** COPYs grouping files by folder, so `a/pom.xml` lands in `a/` (the wrapper has its own). */
function copyLines(files: readonly string[], dirs: readonly string[], executable: string | null): Copy[] {
  const lines: Copy[] = [];
  for (const dir of dirs) lines.push(copy(`${safePath(dir)}/`, `${dir}/`));
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    if (file === executable) continue;
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : './';
    byDir.set(dir, [...(byDir.get(dir) ?? []), safePath(file)]);
  }
  for (const [dir, group] of byDir) lines.push(copy(group, dir));
  return lines;
}

const MAVEN_DEV: Record<string, string[]> = { 'spring-boot': ['spring-boot:run'], quarkus: ['quarkus:dev'], micronaut: ['mn:run'] };
const GRADLE_DEV: Record<string, string> = { 'spring-boot': 'bootRun', quarkus: 'quarkusDev', micronaut: 'run' };

function maven(facts: JavaFacts, module: ModuleFacts, multi: boolean): ToolCommands {
  const mvn = facts.wrapper ? './mvnw' : 'mvn';
  const only = multi ? ['-pl', safePath(module.path), '-am'] : [];
  const plugin = JAVA_DEFAULTS.dependencyPlugin;
  const p = module.packaging;
  const copyDeps = p.kind === 'jar-with-lib' ? ` ${plugin}:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib` : '';
  const devGoal = module.framework !== null ? (MAVEN_DEV[module.framework] as string[])
    : ['compile', 'exec:java', ...('mainClass' in p && p.mainClass !== null ? [`-Dexec.mainClass=${p.mainClass}`] : [])];
  return {
    wrapper: facts.wrapper ? 'mvnw' : null,
    copyFirst: copyLines(facts.buildFiles, facts.buildDirs, facts.wrapper ? 'mvnw' : null),
    cacheMount: cacheMount('/root/.m2/repository', { id: 'maven-repository', sharing: 'locked' }),
    secretMount: { id: 'maven-settings', target: '/root/.m2/settings.xml' },
    resolve: `${mvn} -B -q ${plugin}:go-offline`,
    runtimeLibs: null,
    build: [mvn, '-B', '-DskipTests', ...only, `package${copyDeps}`].join(' '),
    test: [mvn, '-B', ...only, 'test'].join(' '),
    devPrepare: multi ? [mvn, '-B', '-DskipTests', ...only, 'install'].join(' ') : null,
    devBake: 'mkdir -p /root/.m2/repository && cp -a /tmp/cache/. /root/.m2/repository/',
    dev: [mvn, '-B', ...(multi ? ['-pl', module.path] : []), ...devGoal],
    env: module.framework === 'quarkus' ? [{ name: 'QUARKUS_HTTP_HOST', value: '0.0.0.0' }] : [],
  };
}

/**
 * Where the template's init script (which adds `copyRuntimeLibs` to every Java project) puts the
 * libraries, under the build directory: Gradle has no built-in task that copies a thin jar's
 * runtime classpath, and the build script is the user's, not ours to edit.
 */
const RUNTIME_LIBS_DIR = GRADLE_RUNTIME_LIBS.replace(/^build\//, '');

function gradle(facts: JavaFacts, module: ModuleFacts): ToolCommands {
  const gw = facts.wrapper ? './gradlew' : 'gradle';
  const task = (name: string): string => (module.path === '' ? name : `:${safePath(module.path).replace(/\//g, ':')}:${name}`);
  const copyLibs = module.packaging.kind === 'jar-with-lib';
  return {
    wrapper: facts.wrapper ? 'gradlew' : null,
    copyFirst: copyLines(facts.buildFiles, facts.buildDirs, facts.wrapper ? 'gradlew' : null),
    cacheMount: cacheMount('/root/.gradle/caches', { id: 'gradle-caches', sharing: 'locked' }),
    secretMount: { id: 'gradle-properties', target: '/root/.gradle/gradle.properties' },
    // The dependency report resolves every configuration (plugins, the Gradle distribution, module metadata).
    resolve: `${gw} --no-daemon --quiet ${task('dependencies')}`,
    runtimeLibs: copyLibs ? RUNTIME_LIBS_DIR : null,
    build: copyLibs ? `${gw} --no-daemon --init-script /tmp/runtime-libs.gradle ${task(module.task)} ${task('copyRuntimeLibs')}` : `${gw} --no-daemon ${task(module.task)}`,
    test: `${gw} --no-daemon ${task('test')}`,
    devPrepare: null,
    devBake: 'mkdir -p /root/.gradle/caches && cp -a /tmp/cache/. /root/.gradle/caches/',
    dev: [gw, '--no-daemon', task(module.framework === null ? 'run' : (GRADLE_DEV[module.framework] as string))],
    env: module.framework === 'quarkus' ? [{ name: 'QUARKUS_HTTP_HOST', value: '0.0.0.0' }] : [],
  };
}

export function toolCommands(facts: JavaFacts, module: ModuleFacts): ToolCommands {
  return facts.tool === 'maven' ? maven(facts, module, facts.modules.length > 1 || module.path !== '') : gradle(facts, module);
}

export function cacheTarget(facts: JavaFacts): { id: string; target: string } {
  return facts.tool === 'maven' ? { id: 'maven-repository', target: '/root/.m2/repository' } : { id: 'gradle-caches', target: '/root/.gradle/caches' };
}
