import type { StackId } from '../types.js';
import { connectionVariables, type ConnectionPart } from './reads.js';
import type { ServiceId } from './types.js';

/**
 * Images for the services compose adds. Pinned to a major (or LTS line) so `docker compose pull`
 * gets security fixes but never a new major with a different on-disk format. Review yearly.
 */
export const SERVICE_IMAGES: Readonly<Record<ServiceId, string>> = {
  // renovate: datasource=docker depName=postgres (18+ keeps data under /var/lib/postgresql/<major>)
  postgres: 'postgres:18-alpine',
  mysql: 'mysql:8.4',
  mariadb: 'mariadb:11.4',
  redis: 'redis:8-alpine',
  mongodb: 'mongo:8.0',
};

/**
 * A password compose reads from `.env` or the environment. The development overlay gives it a
 * development-only default; the production overlay refuses to start while it is unset.
 */
export interface Credential {
  readonly variable: string;
  readonly purpose: string;
}

/** How an overlay writes a credential: a marked default for development, a required value for production. */
export type SecretRef = (variable: string) => string;

export interface ServiceSpec {
  readonly id: ServiceId;
  /** Compose service name and the host name the app connects to. */
  readonly name: string;
  readonly image: string;
  readonly port: number;
  readonly volume: { readonly name: string; readonly target: string } | null;
  /** The container's own settings that hold no secret (the same in every overlay). */
  readonly environment: Readonly<Record<string, string>>;
  /** Container settings that are credentials: container variable → the `.env` variable it reads. */
  readonly secretEnvironment: Readonly<Record<string, string>>;
  /** Exec-form probe with a tool the service image ships. */
  readonly healthcheck: readonly string[];
  readonly credentials: readonly Credential[];
  /**
   * Variables the app reads to reach the service: the stack's convention (a URL), plus the
   * connection variables its files read (`reads`, e.g. PGHOST); `secret` writes a credential.
   */
  appEnvironment(stack: StackId, primaryDatabase: boolean, secret: SecretRef, reads?: readonly string[]): Record<string, string>;
}

/** The variables in `reads` that name a part of this service's connection, with their values. */
function connectionEnvironment(id: ServiceId, primary: boolean, reads: readonly string[], parts: Readonly<Partial<Record<ConnectionPart, string>>>): Record<string, string> {
  const names = connectionVariables(id, primary);
  const out: Record<string, string> = {};
  for (const name of reads) {
    const part = names[name];
    const value = part === undefined ? undefined : parts[part];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const DB = 'app';

/** The relational databases: each gets a database, a user and a password, and a connection URL. */
export const SQL_SERVICES = ['postgres', 'mysql', 'mariadb'] as const;

function sqlService(id: (typeof SQL_SERVICES)[number]): ServiceSpec {
  const postgres = id === 'postgres';
  const pw = postgres ? 'POSTGRES_PASSWORD' : id === 'mysql' ? 'MYSQL_PASSWORD' : 'MARIADB_PASSWORD';
  const port = postgres ? 5432 : 3306;
  const scheme = postgres ? 'postgresql' : id;
  const prefix = postgres ? 'POSTGRES' : id === 'mysql' ? 'MYSQL' : 'MARIADB';
  const environment: Record<string, string> = postgres ? { POSTGRES_USER: DB, POSTGRES_DB: DB } : { [`${prefix}_DATABASE`]: DB, [`${prefix}_USER`]: DB };
  const secretEnvironment: Record<string, string> = postgres
    ? { POSTGRES_PASSWORD: pw }
    : { [`${prefix}_PASSWORD`]: pw, [`${prefix}_ROOT_PASSWORD`]: `${prefix}_ROOT_PASSWORD` };
  const healthcheck = postgres
    // -h 127.0.0.1: the init-time server listens on the socket only, so TCP readiness means "really up".
    ? ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', DB, '-d', DB]
    : id === 'mysql'
      // mysqladmin ping exits 0 once the server answers, even with "access denied": no password needed.
      ? ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent']
      : ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'];
  const credentials: Credential[] = [{ variable: pw, purpose: `password of the ${DB} database user` }];
  if (!postgres) credentials.push({ variable: `${prefix}_ROOT_PASSWORD`, purpose: `${id} root password` });
  return {
    id, name: id, image: SERVICE_IMAGES[id], port,
    volume: { name: `${id}-data`, target: postgres ? '/var/lib/postgresql' : '/var/lib/mysql' },
    environment, secretEnvironment, healthcheck, credentials,
    appEnvironment(stack, primary, secret, reads = []) {
      const parts = connectionEnvironment(id, primary, reads, { host: id, port: String(port), database: DB, user: DB, password: secret(pw) });
      if (stack === 'java') {
        if (!primary) return parts;
        return { SPRING_DATASOURCE_URL: `jdbc:${scheme}://${id}:${port}/${DB}`, SPRING_DATASOURCE_USERNAME: DB, SPRING_DATASOURCE_PASSWORD: secret(pw), ...parts };
      }
      return { [primary ? 'DATABASE_URL' : `${prefix}_URL`]: `${scheme}://${DB}:${secret(pw)}@${id}:${port}/${DB}`, ...parts };
    },
  };
}

const redis: ServiceSpec = {
  id: 'redis', name: 'redis', image: SERVICE_IMAGES.redis, port: 6379,
  volume: { name: 'redis-data', target: '/data' },
  environment: {},
  secretEnvironment: {},
  healthcheck: ['CMD', 'redis-cli', 'ping'],
  credentials: [],
  appEnvironment: (stack, _primary, _secret, reads = []) => ({
    ...(stack === 'java' ? { SPRING_DATA_REDIS_HOST: 'redis', SPRING_DATA_REDIS_PORT: '6379' } : { REDIS_URL: 'redis://redis:6379' }),
    ...connectionEnvironment('redis', false, reads, { host: 'redis', port: '6379' }),
  }),
};

const mongodb: ServiceSpec = {
  id: 'mongodb', name: 'mongo', image: SERVICE_IMAGES.mongodb, port: 27017,
  volume: { name: 'mongo-data', target: '/data/db' },
  environment: { MONGO_INITDB_ROOT_USERNAME: DB },
  secretEnvironment: { MONGO_INITDB_ROOT_PASSWORD: 'MONGO_PASSWORD' },
  // `ping` needs no authentication, so the probe carries no password.
  healthcheck: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"],
  credentials: [{ variable: 'MONGO_PASSWORD', purpose: 'password of the MongoDB root user' }],
  appEnvironment: (stack, _primary, secret) => {
    const uri = `mongodb://${DB}:${secret('MONGO_PASSWORD')}@mongo:27017/${DB}?authSource=admin`;
    return stack === 'java' ? { SPRING_DATA_MONGODB_URI: uri } : { MONGODB_URI: uri };
  },
};

export function serviceSpec(id: ServiceId): ServiceSpec {
  if (id === 'redis') return redis;
  if (id === 'mongodb') return mongodb;
  return sqlService(id);
}
