import type { ServiceId } from './types.js';

/**
 * Which dependency means which service, per ecosystem. Only client libraries that cannot be used
 * without that server are listed: ORMs that speak to many databases (knex, sequelize, SQLAlchemy,
 * GORM core, Hibernate) say nothing on their own; their driver does.
 */
export const NPM_SIGNALS: Readonly<Record<string, ServiceId>> = {
  pg: 'postgres',
  postgres: 'postgres',
  'pg-promise': 'postgres',
  slonik: 'postgres',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mariadb',
  redis: 'redis',
  ioredis: 'redis',
  '@redis/client': 'redis',
  bullmq: 'redis',
  bull: 'redis',
  mongodb: 'mongodb',
  mongoose: 'mongodb',
};

/** PyPI names, normalised (lower case, `_`/`.` → `-`) as PEP 503 does. */
export const PYPI_SIGNALS: Readonly<Record<string, ServiceId>> = {
  psycopg: 'postgres',
  'psycopg-binary': 'postgres',
  psycopg2: 'postgres',
  'psycopg2-binary': 'postgres',
  asyncpg: 'postgres',
  pg8000: 'postgres',
  mysqlclient: 'mysql',
  pymysql: 'mysql',
  aiomysql: 'mysql',
  asyncmy: 'mysql',
  'mysql-connector-python': 'mysql',
  mariadb: 'mariadb',
  redis: 'redis',
  aioredis: 'redis',
  'django-redis': 'redis',
  pymongo: 'mongodb',
  motor: 'mongodb',
  mongoengine: 'mongodb',
  beanie: 'mongodb',
};

/** Go module paths; a path matches itself and its major-version suffixes (`/v5`). */
export const GO_SIGNALS: Readonly<Record<string, ServiceId>> = {
  'github.com/jackc/pgx': 'postgres',
  'github.com/lib/pq': 'postgres',
  'gorm.io/driver/postgres': 'postgres',
  'github.com/go-sql-driver/mysql': 'mysql',
  'gorm.io/driver/mysql': 'mysql',
  'github.com/redis/go-redis': 'redis',
  'github.com/go-redis/redis': 'redis',
  'github.com/gomodule/redigo': 'redis',
  'github.com/redis/rueidis': 'redis',
  'go.mongodb.org/mongo-driver': 'mongodb',
};

/** Maven/Gradle artifact ids. */
export const JVM_SIGNALS: Readonly<Record<string, ServiceId>> = {
  postgresql: 'postgres',
  'r2dbc-postgresql': 'postgres',
  'mysql-connector-j': 'mysql',
  'mysql-connector-java': 'mysql',
  'r2dbc-mysql': 'mysql',
  'mariadb-java-client': 'mariadb',
  'spring-boot-starter-data-redis': 'redis',
  'spring-boot-starter-data-redis-reactive': 'redis',
  jedis: 'redis',
  'lettuce-core': 'redis',
  redisson: 'redis',
  'spring-boot-starter-data-mongodb': 'mongodb',
  'spring-boot-starter-data-mongodb-reactive': 'mongodb',
  'mongodb-driver-sync': 'mongodb',
  'mongodb-driver-reactivestreams': 'mongodb',
};

/** Prisma `datasource … { provider = "…" }` values. */
export const PRISMA_PROVIDERS: Readonly<Record<string, ServiceId>> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  mysql: 'mysql',
  mongodb: 'mongodb',
};

/**
 * Connection-string shapes in example env files and framework config (SQLAlchemy URLs such as
 * `postgresql+psycopg://`, JDBC URLs, Django engine names). Order matters: MariaDB before MySQL.
 */
export const URL_SIGNALS: readonly { readonly pattern: RegExp; readonly id: ServiceId; readonly what: string }[] = [
  { pattern: /\bjdbc:postgresql:|\bpostgres(?:ql)?(?:\+\w+)?:\/\/|django\.db\.backends\.postgresql/, id: 'postgres', what: 'a PostgreSQL connection URL' },
  { pattern: /\bjdbc:mariadb:|\bmariadb(?:\+\w+)?:\/\//, id: 'mariadb', what: 'a MariaDB connection URL' },
  { pattern: /\bjdbc:mysql:|\bmysql(?:\+\w+)?:\/\/|django\.db\.backends\.mysql/, id: 'mysql', what: 'a MySQL connection URL' },
  { pattern: /\brediss?:\/\//, id: 'redis', what: 'a Redis URL' },
  { pattern: /\bmongodb(?:\+srv)?:\/\//, id: 'mongodb', what: 'a MongoDB connection URL' },
];
