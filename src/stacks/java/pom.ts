import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { badInput } from '../../errors.js';

/** A dependency or plugin coordinate as written in the pom (values still raw, `${…}` unresolved). */
export interface Coordinate {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string | null;
  readonly scope: string | null;
  readonly type: string | null;
}

export interface Plugin extends Coordinate {
  /** The plugin's <configuration>, and those of its executions, as parsed objects. */
  readonly configurations: readonly Record<string, unknown>[];
}

/** The parts of a pom.xml that decide how to build and run the project. */
export interface Pom {
  readonly file: string;
  readonly groupId: string | null;
  readonly artifactId: string | null;
  readonly version: string | null;
  readonly packaging: string;
  readonly parent: Coordinate | null;
  readonly properties: Readonly<Record<string, string>>;
  readonly modules: readonly string[];
  readonly finalName: string | null;
  readonly dependencies: readonly Coordinate[];
  /** `<dependencyManagement>` entries (BOM imports such as spring-boot-dependencies). */
  readonly managed: readonly Coordinate[];
  readonly plugins: readonly Plugin[];
  readonly meta: { name: string | null; description: string | null; url: string | null; license: string | null };
}

const ARRAYS = new Set(['module', 'dependency', 'plugin', 'execution', 'license']);
let parser: XMLParser | null = null;

/** One parser, made on first use, for every pom.xml of a run. */
function xmlParser(): XMLParser {
  parser ??= new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ARRAYS.has(name),
});
  return parser;
}

type Node = Record<string, unknown>;

function obj(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter((v): v is string => v !== null) : [];
}

function coordinate(node: Node): Coordinate {
  return {
    groupId: text(node.groupId) ?? 'org.apache.maven.plugins',
    artifactId: text(node.artifactId) ?? '',
    version: text(node.version),
    scope: text(node.scope),
    type: text(node.type),
  };
}

function plugins(build: Node): Plugin[] {
  return list(obj(build.plugins).plugin).map((p) => ({
    ...coordinate(p),
    configurations: [obj(p.configuration), ...list(obj(p.executions).execution).map((e) => obj(e.configuration))],
  }));
}

function properties(node: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node)) {
    const value = text(v);
    if (value !== null) out[k] = value;
  }
  return out;
}

/** Parses a pom.xml with a real XML parser; malformed XML is the user's to fix, so it is refused clearly. */
export function parsePom(file: string, xml: string): Pom {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw badInput(file, `is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const project = obj(obj(xmlParser().parse(xml)).project);
  if (Object.keys(project).length === 0) throw badInput(file, 'has no <project> element');
  const build = obj(project.build);
  const parentNode = obj(project.parent);
  const parent = text(parentNode.artifactId) === null ? null : coordinate(parentNode);
  const license = list(obj(project.licenses).license)[0];
  return {
    file,
    groupId: text(project.groupId) ?? parent?.groupId ?? null,
    artifactId: text(project.artifactId),
    version: text(project.version) ?? parent?.version ?? null,
    packaging: text(project.packaging) ?? 'jar',
    parent,
    properties: properties(obj(project.properties)),
    modules: strings(obj(project.modules).module),
    finalName: text(build.finalName),
    dependencies: list(obj(project.dependencies).dependency).map(coordinate),
    managed: list(obj(obj(project.dependencyManagement).dependencies).dependency).map(coordinate),
    plugins: plugins(build),
    meta: { name: text(project.name), description: text(project.description), url: text(project.url), license: license === undefined ? null : text(license.name) },
  };
}

/**
 * Resolves `${…}` references from the pom's own properties (and its parent's, given as `inherited`)
 * plus the project.* built-ins. Returns null when a reference cannot be resolved from the files.
 */
export function interpolate(value: string | null, pom: Pom, inherited: Readonly<Record<string, string>> = {}): string | null {
  if (value === null) return null;
  const builtins: Record<string, string | null> = {
    'project.groupId': pom.groupId, 'pom.groupId': pom.groupId,
    'project.artifactId': pom.artifactId, 'pom.artifactId': pom.artifactId,
    'project.version': pom.version, 'pom.version': pom.version,
    'project.parent.version': pom.parent?.version ?? null,
    'project.parent.groupId': pom.parent?.groupId ?? null,
  };
  let out = value;
  for (let depth = 0; depth < 10 && out.includes('${'); depth++) {
    let unresolved = false;
    out = out.replace(/\$\{([^}]+)\}/g, (_m, key: string) => {
      const found = pom.properties[key] ?? inherited[key] ?? builtins[key] ?? null;
      if (found === null) unresolved = true;
      return found ?? '';
    });
    if (unresolved) return null;
  }
  return out.includes('${') ? null : out;
}

export function findPlugin(pom: Pom, artifactId: string): Plugin | undefined {
  return pom.plugins.find((p) => p.artifactId === artifactId);
}

/** A configuration value at a path such as `archive.manifest.mainClass`, from any of the plugin's configurations. */
export function pluginSetting(plugin: Plugin | undefined, path: string): string | null {
  for (const config of plugin?.configurations ?? []) {
    let node: unknown = config;
    for (const key of path.split('.')) node = obj(node)[key];
    const value = text(node);
    if (value !== null) return value;
  }
  return null;
}

/** True when the plugin (or any execution) has a configuration element with this name anywhere under it. */
export function pluginMentions(plugin: Plugin | undefined, needle: string): boolean {
  return (plugin?.configurations ?? []).some((c) => JSON.stringify(c).includes(needle));
}
