import type { Evidence, Project } from '../types.js';
import { SQL_SERVICES } from './catalog.js';
import { configFiles, goRequires, jvmBuildFiles, npmDependencies, pythonDependencies } from './manifests.js';
import { connectionVariables, readConnectionVariables } from './reads.js';
import { GO_SIGNALS, JVM_SIGNALS, NPM_SIGNALS, PRISMA_PROVIDERS, PYPI_SIGNALS, URL_SIGNALS } from './signals.js';
import { SERVICE_ORDER, type FoundService, type ServiceId } from './types.js';

const PRISMA_PROVIDER = /datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"(\w+)"/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The first evidence per service: later signals for the same service add nothing. */
interface Findings {
  readonly byId: Map<ServiceId, Evidence>;
  add(id: ServiceId, file: string, reason: string): void;
}

function findings(): Findings {
  const byId = new Map<ServiceId, Evidence>();
  return { byId, add: (id, file, reason) => void (byId.has(id) || byId.set(id, { file, reason })) };
}

async function fromNpm(project: Project, found: Findings): Promise<void> {
  for (const name of await npmDependencies(project)) {
    const id = NPM_SIGNALS[name];
    if (id !== undefined) found.add(id, 'package.json', `depends on ${name}`);
  }
}

async function fromPython(project: Project, found: Findings): Promise<void> {
  for (const { file, names } of await pythonDependencies(project)) {
    for (const name of names) {
      const id = PYPI_SIGNALS[name];
      if (id !== undefined) found.add(id, file, `depends on ${name}`);
    }
  }
}

async function fromGo(project: Project, found: Findings): Promise<void> {
  for (const path of await goRequires(project)) {
    for (const [prefix, id] of Object.entries(GO_SIGNALS)) {
      if (path === prefix || new RegExp(`^${escapeRegExp(prefix)}/v\\d+$`).test(path)) found.add(id, 'go.mod', `requires ${path} directly`);
    }
  }
}

async function fromJvm(project: Project, found: Findings): Promise<void> {
  for (const { file, text } of await jvmBuildFiles(project)) {
    for (const [artifact, id] of Object.entries(JVM_SIGNALS)) {
      // An artifact id appears as <artifactId>x</artifactId>, "group:x:ver", or name = "x" in a catalog.
      const pattern = new RegExp(`(?:<artifactId>|[:"'])${escapeRegExp(artifact)}(?:</artifactId>|[:"'])`);
      if (pattern.test(text)) found.add(id, file, `depends on ${artifact}`);
    }
  }
}

async function fromConfig(project: Project, found: Findings): Promise<void> {
  for (const { file, text } of await configFiles(project)) {
    if (file.endsWith('.prisma')) {
      const provider = PRISMA_PROVIDER.exec(text)?.[1];
      const id = provider === undefined ? undefined : PRISMA_PROVIDERS[provider];
      if (id !== undefined) found.add(id, file, `Prisma datasource provider ${provider}`);
      continue;
    }
    for (const signal of URL_SIGNALS) if (signal.pattern.test(text)) found.add(signal.id, file, signal.what);
  }
}

/**
 * Services the app clearly uses, from a bounded set of manifests and config files read through
 * the read-only `Project`. MariaDB wins over MySQL when both are named: the MySQL drivers also
 * speak to MariaDB, so a MariaDB-specific signal is the stronger one.
 */
export async function detectServices(project: Project): Promise<FoundService[]> {
  const found = findings();
  await fromNpm(project, found);
  await fromConfig(project, found);
  await fromPython(project, found);
  await fromGo(project, found);
  await fromJvm(project, found);
  if (found.byId.has('mariadb')) found.byId.delete('mysql');
  const ids = SERVICE_ORDER.filter((id) => found.byId.has(id));
  const mentioned = ids.length === 0 ? [] : await readConnectionVariables(project);
  const primarySql = ids.find((id) => (SQL_SERVICES as readonly string[]).includes(id));
  return ids.map((id) => {
    const names = Object.keys(connectionVariables(id, id === primarySql));
    const reads = mentioned.filter((n) => names.includes(n));
    return { id, evidence: found.byId.get(id) as Evidence, ...(reads.length === 0 ? {} : { reads }) };
  });
}
