import type { Project } from '../types.js';
import type { ServiceId } from './types.js';

/**
 * Connection settings apps read one by one instead of a URL (libpq's PG* variables, the names the
 * official database images use, DB_*). Compose sets only the ones the code or its settings name,
 * so an app that reads `os.environ['PGDATABASE']` starts, and nothing is set that nobody reads.
 */
export type ConnectionPart = 'host' | 'port' | 'database' | 'user' | 'password';

const SQL_GENERIC: Readonly<Record<string, ConnectionPart>> = {
  DB_HOST: 'host', DB_PORT: 'port', DB_NAME: 'database', DB_USER: 'user', DB_USERNAME: 'user', DB_PASSWORD: 'password',
  DATABASE_HOST: 'host', DATABASE_PORT: 'port', DATABASE_NAME: 'database', DATABASE_USER: 'user', DATABASE_PASSWORD: 'password',
};

const sqlNames = (prefix: string, database: string): Record<string, ConnectionPart> => ({
  [`${prefix}_HOST`]: 'host', [`${prefix}_PORT`]: 'port', [database]: 'database', [`${prefix}_USER`]: 'user', [`${prefix}_PASSWORD`]: 'password',
});

/** Per service, the variable names and which part of the connection each holds. `generic` names go to the primary SQL database only. */
export const CONNECTION_VARIABLES: Readonly<Record<ServiceId, { readonly own: Readonly<Record<string, ConnectionPart>>; readonly generic: boolean }>> = {
  postgres: { own: { PGHOST: 'host', PGPORT: 'port', PGDATABASE: 'database', PGUSER: 'user', PGPASSWORD: 'password', ...sqlNames('POSTGRES', 'POSTGRES_DB') }, generic: true },
  mysql: { own: sqlNames('MYSQL', 'MYSQL_DATABASE'), generic: true },
  mariadb: { own: { ...sqlNames('MARIADB', 'MARIADB_DATABASE'), ...sqlNames('MYSQL', 'MYSQL_DATABASE') }, generic: true },
  redis: { own: { REDIS_HOST: 'host', REDIS_PORT: 'port' }, generic: false },
  mongodb: { own: {}, generic: false },
};

export function connectionVariables(id: ServiceId, primarySql: boolean): Record<string, ConnectionPart> {
  const entry = CONNECTION_VARIABLES[id];
  return { ...(entry.generic && primarySql ? SQL_GENERIC : {}), ...entry.own };
}

const ALL_NAMES = [...new Set([...Object.keys(SQL_GENERIC), ...Object.values(CONNECTION_VARIABLES).flatMap((e) => Object.keys(e.own))])];

/**
 * Source and settings files where an app reads its environment; bounded so a large repo stays fast.
 * Example env files are left out: they list what compose reads too (POSTGRES_PASSWORD for the database).
 */
const SOURCE_GLOBS = ['**/*.{py,go,java,kt,js,mjs,cjs,ts,rb,properties,yml,yaml,toml,ini,cfg}'];
const MAX_FILES = 400;
const MAX_BYTES = 256 * 1024;

/** The connection variable names the app's files mention (as whole words), sorted. */
export async function readConnectionVariables(project: Project): Promise<string[]> {
  const files = (await project.glob(SOURCE_GLOBS, { deep: 5 })).filter((f) => !/(?:^|\/)(?:tests?|spec|__tests__|docs?)\//.test(f) && !/(?:^|\/)(?:compose|docker-compose)[\w.-]*\.ya?ml$/.test(f)).slice(0, MAX_FILES);
  const pattern = new RegExp(`\\b(${ALL_NAMES.join('|')})\\b`, 'g');
  const found = new Set<string>();
  for (const file of files) {
    let text: string | null;
    try {
      text = await project.readText(file);
    } catch {
      continue;
    }
    if (text === null) continue;
    for (const m of text.slice(0, MAX_BYTES).matchAll(pattern)) found.add(m[1] as string);
  }
  return [...found].sort();
}
