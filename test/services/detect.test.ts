import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { detectServices } from '../../src/services/detect.js';
import { FIXTURES, tempRepos } from '../helpers.js';

const repo = tempRepos('cdf-services-');

async function ids(files: Record<string, string>): Promise<string[]> {
  return (await detectServices(await createProject(await repo(files)))).map((s) => s.id);
}

const pkg = (deps: Record<string, string>, dev: Record<string, string> = {}): string => JSON.stringify({ name: 'x', dependencies: deps, devDependencies: dev });

describe('connection variables the app reads', () => {
  it('finds the PG* names a Django settings file reads, and only for the services found', async () => {
    const settings = 'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["PGDATABASE"], "USER": os.environ["PGUSER"], "HOST": os.getenv("PGHOST")}}\nCACHE = os.environ["REDIS_HOST"]\n';
    const found = await detectServices(await createProject(await repo({ 'requirements.txt': 'django\npsycopg[binary]\n', 'mysite/settings.py': settings })));
    expect(found).toEqual([{ id: 'postgres', evidence: { file: 'mysite/settings.py', reason: 'a PostgreSQL connection URL' }, reads: ['PGDATABASE', 'PGHOST', 'PGUSER'] }]);
  });

  it('reads Go sources; example env files (compose reads them too) and test folders do not count', async () => {
    const found = await detectServices(await createProject(await repo({
      'go.mod': 'module x\n\ngo 1.25\n\nrequire github.com/jackc/pgx/v5 v5.7.0\n',
      'internal/db/db.go': 'package db\nimport "os"\nvar host = os.Getenv("DB_HOST")\n',
      '.env.example': 'DB_PASSWORD=\n',
      'tests/db_test.go': 'package tests\nvar u = os.Getenv("PGUSER")\n',
    })));
    expect(found[0]?.reads).toEqual(['DB_HOST']);
  });
});

describe('service detection', () => {
  it.for([
    { name: 'pg and ioredis in package.json', files: { 'package.json': pkg({ pg: '^8', ioredis: '^5' }) }, want: ['postgres', 'redis'] },
    { name: 'the postgres.js client', files: { 'package.json': pkg({ postgres: '^3' }) }, want: ['postgres'] },
    { name: 'mysql2 and mongoose', files: { 'package.json': pkg({ mysql2: '^3', mongoose: '^8' }) }, want: ['mysql', 'mongodb'] },
    { name: 'bullmq (a Redis queue)', files: { 'package.json': pkg({ bullmq: '^5' }) }, want: ['redis'] },
    { name: 'nothing for devDependencies only', files: { 'package.json': pkg({ express: '^4' }, { pg: '^8', '@types/pg': '^8' }) }, want: [] },
    { name: 'nothing for an ORM alone', files: { 'package.json': pkg({ knex: '^3', sequelize: '^6' }) }, want: [] },
    {
      name: 'a Prisma postgresql datasource',
      files: { 'package.json': pkg({ '@prisma/client': '^6' }), 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' },
      want: ['postgres'],
    },
    { name: 'a Prisma mongodb datasource', files: { 'prisma/schema.prisma': 'datasource db {\n  url      = env("X")\n  provider = "mongodb"\n}' }, want: ['mongodb'] },
    { name: 'nothing for a Prisma sqlite datasource', files: { 'prisma/schema.prisma': 'datasource db {\n  provider = "sqlite"\n}' }, want: [] },
    { name: 'psycopg[binary] and redis in requirements.txt', files: { 'requirements.txt': '# db\npsycopg[binary]>=3.1 ; python_version>"3.8"\n-r base.txt\nRedis==5.0\n' }, want: ['postgres', 'redis'] },
    { name: 'asyncpg in pyproject project.dependencies', files: { 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi", "asyncpg>=0.29"]\n' }, want: ['postgres'] },
    { name: 'poetry dependencies', files: { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nPyMySQL = "^1"\npymongo = "*"\n' }, want: ['mysql', 'mongodb'] },
    { name: 'Pipfile packages', files: { Pipfile: '[packages]\npsycopg2-binary = "*"\n' }, want: ['postgres'] },
    { name: 'nothing for a malformed pyproject', files: { 'pyproject.toml': '[project\ndependencies = ["asyncpg"' }, want: [] },
    { name: 'a SQLAlchemy URL in .env.example', files: { '.env.example': 'DATABASE_URL=postgresql+psycopg://u:p@localhost/db\n' }, want: ['postgres'] },
    { name: 'Django engine and a redis:// cache URL', files: { 'mysite/settings.py': "ENGINE = 'django.db.backends.mysql'\nCACHES = {'default': {'LOCATION': 'redis://127.0.0.1:6379/1'}}\n" }, want: ['mysql', 'redis'] },
    { name: 'never the real .env', files: { '.env': 'DATABASE_URL=postgres://u:p@db/x\n' }, want: [] },
    { name: 'pgx/v5 and go-redis/v9 in go.mod', files: { 'go.mod': 'module x\n\ngo 1.24\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/redis/go-redis/v9 v9.7.0\n)\n' }, want: ['postgres', 'redis'] },
    { name: 'nothing for an // indirect driver in go.mod', files: { 'go.mod': 'module x\n\ngo 1.24\n\nrequire github.com/go-chi/chi/v5 v5.2.0\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1 // indirect\n\tgithub.com/redis/go-redis/v9 v9.7.0 //indirect\n)\nrequire github.com/lib/pq v1.10.9 // indirect\n' }, want: [] },
    { name: 'nothing for a driver only in package-lock.json (a transitive package)', files: { 'package.json': pkg({ express: '^4' }), 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { express: '^4' } }, 'node_modules/pg': { version: '8.13.0' } } }) }, want: [] },
    {
      name: 'only the direct pins of a pip-compile lockfile',
      files: { 'requirements.txt': '#\n#    pip-compile requirements.in\n#\nasyncpg==0.30.0\n    # via -r requirements.in\nkombu==5.4.2\n    # via celery\nredis==5.2.1\n    # via\n    #   celery\n    #   kombu\npymongo==4.10.1  # via mongoengine\npsycopg==3.2.3  # via app (pyproject.toml)\n' },
      want: ['postgres'],
    },
    { name: 'a pin pulled in by the requirements file and a package', files: { 'requirements.txt': 'redis==5.2.1\n    # via\n    #   -r requirements.in\n    #   celery\n' }, want: ['redis'] },
    { name: 'lib/pq on a single require line', files: { 'go.mod': 'module x\nrequire github.com/lib/pq v1.10.9\n' }, want: ['postgres'] },
    { name: 'nothing for a module that only shares a prefix', files: { 'go.mod': 'module x\nrequire github.com/lib/pqx v1.0.0\n' }, want: [] },
    { name: 'JDBC driver and Spring Data Redis in pom.xml', files: { 'pom.xml': '<project><dependencies><dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency><dependency><artifactId>spring-boot-starter-data-redis</artifactId></dependency></dependencies></project>' }, want: ['postgres', 'redis'] },
    { name: 'MariaDB wins over MySQL', files: { 'build.gradle.kts': 'dependencies {\n  runtimeOnly("org.mariadb.jdbc:mariadb-java-client:3.5.1")\n  implementation("com.mysql:mysql-connector-j")\n}' }, want: ['mariadb'] },
    { name: 'a JDBC URL in application.properties', files: { 'src/main/resources/application.properties': 'spring.datasource.url=jdbc:postgresql://localhost:5432/app\n' }, want: ['postgres'] },
    { name: 'Mongo in a Gradle version catalog', files: { 'gradle/libs.versions.toml': '[libraries]\nmongo = { module = "org.mongodb:mongodb-driver-sync", version = "5.2.0" }\n' }, want: ['mongodb'] },
  ])('finds $want from $name', async ({ files, want }) => {
    expect(await ids(files)).toEqual(want);
  });

  it('names the direct requirement as evidence', async () => {
    const dir = await repo({ 'go.mod': 'module x\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/lib/pq v1.10.9 // indirect\n)\n' });
    expect(await detectServices(await createProject(dir))).toEqual([{ id: 'postgres', evidence: { file: 'go.mod', reason: 'requires github.com/jackc/pgx/v5 directly' } }]);
  });

  it('keeps the first evidence for each service and a fixed order', async () => {
    const found = await detectServices(await createProject(await repo({ 'package.json': pkg({ ioredis: '^5', pg: '^8' }), '.env.example': 'X=postgres://h/d' })));
    expect(found).toEqual([
      { id: 'postgres', evidence: { file: 'package.json', reason: 'depends on pg' } },
      { id: 'redis', evidence: { file: 'package.json', reason: 'depends on ioredis' } },
    ]);
  });

  it('does not fail on a malformed package.json (the stack reports that)', async () => {
    expect(await ids({ 'package.json': '{ "dependencies": ', 'requirements.txt': 'redis\n' })).toEqual(['redis']);
  });

  it('finds Postgres and Redis in the node-services-pg-redis fixture', async () => {
    expect((await detectServices(await createProject(path.join(FIXTURES, 'node-services-pg-redis')))).map((s) => s.id)).toEqual(['postgres', 'redis']);
  });
});
