import { parse as parseToml } from 'smol-toml';
import { assigned, blocks, literal, stringLiterals, stripComments, withoutBlocks } from './gradle-text.js';

/** How a Gradle archive task names its file; `dynamic` means a computed value we will not guess. */
export interface ArchiveSettings {
  readonly fileName: string | null;
  readonly baseName: string | null;
  readonly version: string | null;
  readonly classifier: string | null;
  readonly dynamic: boolean;
}

export interface GradleBuild {
  readonly file: string;
  readonly plugins: readonly string[];
  readonly pluginVersions: Readonly<Record<string, string>>;
  /** `group:artifact` of every dependency written as a literal or taken from the version catalog. */
  readonly dependencies: readonly string[];
  /** Some dependency lands on the runtime classpath (not only test, compileOnly or annotation processors). */
  readonly runtimeDependencies: boolean;
  /** The `jar` task bundles the runtime classpath itself (`from { configurations.runtimeClasspath… zipTree }`). */
  readonly jarBundlesDependencies: boolean;
  readonly version: string | 'dynamic' | null;
  readonly description: string | null;
  readonly javaVersion: string | null;
  readonly mainClass: string | null;
  /** `application { applicationName = … }`: names the installDist folder. */
  readonly applicationName: string | null;
  readonly archives: { readonly bootJar: ArchiveSettings; readonly jar: ArchiveSettings; readonly shadowJar: ArchiveSettings };
}

/** `plugins { }` aliases and `libs.x.y` accessors resolved through gradle/libs.versions.toml. */
export interface Catalog {
  readonly plugins: Readonly<Record<string, { id: string; version: string | null }>>;
  readonly libraries: Readonly<Record<string, string>>;
}

const accessor = (alias: string): string => alias.replace(/[-_]/g, '.');

function tableOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Parses the version catalog; a broken catalog is an optional signal, so the caller only warns. */
export function parseCatalog(text: string): Catalog {
  const toml = parseToml(text);
  const versions = tableOf(toml.versions);
  const version = (entry: Record<string, unknown>): string | null => {
    const v = entry.version;
    if (typeof v === 'string') return v;
    const ref = tableOf(v).ref;
    return typeof ref === 'string' && typeof versions[ref] === 'string' ? (versions[ref] as string) : null;
  };
  const plugins: Record<string, { id: string; version: string | null }> = {};
  for (const [alias, raw] of Object.entries(tableOf(toml.plugins))) {
    const entry = typeof raw === 'string' ? { id: raw.split(':')[0], version: raw.split(':')[1] ?? null } : tableOf(raw);
    if (typeof entry.id === 'string') plugins[accessor(alias)] = { id: entry.id, version: typeof raw === 'string' ? ((entry.version as string | null) ?? null) : version(entry) };
  }
  const libraries: Record<string, string> = {};
  for (const [alias, raw] of Object.entries(tableOf(toml.libraries))) {
    const entry = tableOf(raw);
    const module = typeof raw === 'string' ? raw.split(':').slice(0, 2).join(':') : typeof entry.module === 'string' ? entry.module : `${String(entry.group)}:${String(entry.name)}`;
    libraries[accessor(alias)] = module;
  }
  return { plugins, libraries };
}

const EMPTY_CATALOG: Catalog = { plugins: {}, libraries: {} };

function pluginIds(script: string, catalog: Catalog): { ids: string[]; versions: Record<string, string> } {
  const ids: string[] = [];
  const versions: Record<string, string> = {};
  for (const body of blocks(script, /plugins/)) {
    for (const m of body.matchAll(/\bid\s*\(?\s*["']([\w.-]+)["']\s*\)?(?:\s*version\s*\(?\s*["']([^"'$]+)["'])?/g)) {
      ids.push(m[1] as string);
      if (m[2] !== undefined) versions[m[1] as string] = m[2];
    }
    for (const m of body.matchAll(/\bkotlin\s*\(\s*"([\w.-]+)"\s*\)/g)) ids.push(`org.jetbrains.kotlin.${m[1]}`);
    for (const m of body.matchAll(/\balias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)/g)) {
      const plugin = catalog.plugins[m[1] as string];
      if (plugin === undefined) continue;
      ids.push(plugin.id);
      if (plugin.version !== null) versions[plugin.id] = plugin.version;
    }
    for (const m of body.matchAll(/^\s*`?(application|java|java-library|war)`?\s*$/gm)) ids.push(m[1] as string);
  }
  for (const m of script.matchAll(/apply\s*\(?\s*plugin\s*[:=]\s*["']([\w.-]+)["']/g)) ids.push(m[1] as string);
  // Older builds apply Boot through buildscript: the classpath names the version, or ext.springBootVersion does.
  const boot = /spring-boot-gradle-plugin:([\w.-]+)["']/.exec(script)?.[1] ?? /\bspringBootVersion\s*=\s*["']([\w.-]+)["']/.exec(script)?.[1];
  if (boot !== undefined && versions['org.springframework.boot'] === undefined) versions['org.springframework.boot'] = boot;
  return { ids: [...new Set(ids)], versions };
}

function dependencies(script: string, catalog: Catalog): string[] {
  const found = new Set<string>();
  for (const body of blocks(script, /dependencies/)) {
    for (const s of stringLiterals(body)) {
      const m = /^([\w.-]+):([\w.-]+)(?::|$)/.exec(s);
      if (m !== null) found.add(`${m[1]}:${m[2]}`);
    }
    for (const m of body.matchAll(/\blibs\.([\w.]+)/g)) {
      const module = catalog.libraries[m[1] as string];
      if (module !== undefined) found.add(module);
    }
  }
  return [...found];
}

/** Configurations that never reach the runtime classpath of the main jar. */
const NOT_RUNTIME = /^(?:test\w*|\w*[tT]est(?:Implementation|RuntimeOnly|CompileOnly|Api)|annotationProcessor|compileOnly\w*|kapt\w*|ksp\w*|developmentOnly|testFixtures\w*|classpath|detekt\w*|errorprone|checkstyle|pmd|spotbugs\w*)$/;

/** A dependency line (`implementation 'a:b:1'`, `runtimeOnly(libs.x)`, `implementation project(':core')`) in a runtime configuration. */
function hasRuntimeDependency(script: string): boolean {
  for (const body of blocks(script, /dependencies/)) {
    for (const m of body.matchAll(/^\s*(\w+)\s*[( ]\s*(?:platform\s*\(\s*)?(?:["']|libs\.|project\s*\(|files\s*\(|fileTree\s*\()/gm)) {
      if (!NOT_RUNTIME.test(m[1] as string) && m[1] !== 'enforcedPlatform') return true;
    }
  }
  return false;
}

function archive(script: string, header: RegExp): ArchiveSettings {
  const body = blocks(script, header).join('\n');
  const read = (key: string): { value: string | null; dynamic: boolean } => {
    const found = assigned(body, key);
    return found === null ? { value: null, dynamic: false } : found === 'dynamic' ? { value: null, dynamic: true } : { value: found.value, dynamic: false };
  };
  const fileName = read('archiveFileName');
  const baseName = read('archiveBaseName');
  const version = read('archiveVersion');
  const classifier = read('archiveClassifier');
  const appendix = read('archiveAppendix');
  return {
    fileName: fileName.value, baseName: baseName.value, version: version.value, classifier: classifier.value,
    dynamic: fileName.dynamic || baseName.dynamic || version.dynamic || classifier.dynamic || appendix.dynamic || appendix.value !== null,
  };
}

function javaVersion(script: string): string | null {
  const patterns = [
    /JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/,
    /jvmToolchain\(\s*(\d+)\s*\)/,
    /release\s*(?:=|\.set\()\s*(\d+)/,
    /sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d+)|["']?(?:1\.)?(\d+)["']?)/,
    /targetCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d+)|["']?(?:1\.)?(\d+)["']?)/,
  ];
  for (const re of patterns) {
    const m = re.exec(script);
    if (m !== null) return m[1] ?? m[2] ?? null;
  }
  return null;
}

function mainClass(script: string): string | null {
  for (const body of blocks(script, /application|springBoot/)) {
    const found = literal(body, 'mainClass') ?? literal(body, 'mainClassName');
    if (found !== null) return found;
  }
  const manifest = /["']Main-Class["']\s*(?::|to)\s*["']([\w.$]+)["']/.exec(script);
  return literal(script, 'mainClassName') ?? manifest?.[1] ?? null;
}

export function parseGradleBuild(file: string, text: string, catalog: Catalog = EMPTY_CATALOG): GradleBuild {
  const script = stripComments(text);
  const plugins = pluginIds(script, catalog);
  const topLevel = withoutBlocks(script, /plugins|dependencies|tasks\.[\w<>.("')]+|\w+Jar|java|application|springBoot|subprojects|allprojects|repositories|publishing|dependencyManagement/);
  const version = assigned(topLevel, 'version');
  return {
    file,
    plugins: plugins.ids,
    pluginVersions: plugins.versions,
    dependencies: dependencies(script, catalog),
    runtimeDependencies: hasRuntimeDependency(script),
    jarBundlesDependencies: blocks(script, /jar|tasks\.jar|tasks\.(?:named|getByName)(?:<Jar>)?\(\s*["']jar["']\s*\)/).some((b) => /runtimeClasspath|configurations\.(?:compile|runtime)\b/.test(b) && /zipTree/.test(b)),
    version: version === null ? null : version === 'dynamic' ? 'dynamic' : version.value,
    description: literal(topLevel, 'description'),
    javaVersion: javaVersion(script),
    mainClass: mainClass(script),
    applicationName: blocks(script, /application/).map((b) => literal(b, 'applicationName')).find((v) => v !== null) ?? null,
    archives: {
      bootJar: archive(script, /bootJar|tasks\.bootJar|tasks\.(?:named|getByName)(?:<BootJar>)?\(\s*["']bootJar["']\s*\)|tasks\.withType<BootJar>\(\)|tasks\.withType\(BootJar\)/),
      jar: archive(script, /jar|tasks\.jar|tasks\.(?:named|getByName)(?:<Jar>)?\(\s*["']jar["']\s*\)/),
      shadowJar: archive(script, /shadowJar|tasks\.shadowJar|tasks\.(?:named|getByName)(?:<ShadowJar>)?\(\s*["']shadowJar["']\s*\)/),
    },
  };
}

export interface GradleSettings {
  readonly rootName: string | null;
  /** Included project paths as folders (`:services:api` → `services/api`). */
  readonly includes: readonly string[];
}

export function parseGradleSettings(text: string): GradleSettings {
  const script = stripComments(text);
  const includes: string[] = [];
  for (const m of script.matchAll(/\binclude\s*\(?([^\n)]*)/g)) {
    for (const s of stringLiterals(m[1] ?? '')) {
      const path = s.replace(/^:/, '').replace(/:/g, '/');
      if (path !== '') includes.push(path);
    }
  }
  return { rootName: literal(script, 'rootProject.name'), includes: [...new Set(includes)].sort() };
}

/** `version=` in gradle.properties (Java properties format). */
export function propertiesValue(text: string, key: string): string | null {
  const m = new RegExp(`^\\s*${key.replace(/\./g, '\\.')}\\s*[=:]\\s*(.*?)\\s*$`, 'm').exec(text);
  return m?.[1] === undefined || m[1] === '' ? null : m[1];
}
