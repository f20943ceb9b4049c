import { describe, expect, it } from 'vitest';
import { runCli, tempRepos, type JsonOutput } from '../helpers.js';

/**
 * Prisma finds its schema where prisma.config.*, package.json's `prisma.schema` or its defaults
 * say; the install stages must copy it from there, or the generated client is missing at run time.
 */
const repo = tempRepos('cdf-prisma-');

function manifest(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'api',
    version: '1.0.0',
    scripts: { start: 'node server.js' },
    dependencies: { '@prisma/client': '^6.2.1', express: '^4.21.2' },
    devDependencies: { prisma: '^6.2.1' },
    ...extra,
  });
}

const SCHEMA = 'datasource db {\n  provider = "sqlite"\n  url      = "file:./app.db"\n}\n\ngenerator client {\n  provider = "prisma-client-js"\n}\n';

async function generate(files: Record<string, string>): Promise<{ installer: string; evidence: string; json: JsonOutput }> {
  const dir = await repo({ 'server.js': 'require("express")().listen(3000);\n', ...files });
  const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
  expect(r.exit, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as JsonOutput;
  const dockerfile = json.files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
  const installer = dockerfile.slice(dockerfile.indexOf(' AS installer'), dockerfile.indexOf(' AS deps'));
  const evidence = (json.detection?.evidence ?? []).map((e) => `${e.file}: ${e.reason}`).join('\n');
  expect(dockerfile).toContain('prisma generate');
  return { installer, evidence, json };
}

describe('where the Prisma schema is', () => {
  it("copies the folder package.json's prisma.schema names before install", async () => {
    const { installer, evidence, json } = await generate({ 'package.json': manifest({ prisma: { schema: 'src/db/schema.prisma' } }), 'src/db/schema.prisma': SCHEMA });
    expect(installer).toContain('COPY src/db ./src/db');
    expect(evidence).toContain('package.json: Prisma schema src/db/schema.prisma');
    // The SQLite file resolves against the schema's folder, so that folder is the writable one.
    expect(json.files.find((f) => f.path === 'Dockerfile')?.contents).toContain('mkdir -p /writable/src/db');
  });

  it('copies a top-level schema.prisma file, not the whole app', async () => {
    const { installer } = await generate({ 'package.json': manifest(), 'schema.prisma': SCHEMA });
    expect(installer).toMatch(/^COPY package\.json schema\.prisma \.\/$/m);
    expect(installer).not.toMatch(/^COPY \. /m);
  });

  it("follows prisma.config.ts's schema folder and copies the config file, which prisma generate reads", async () => {
    const config = 'import path from "node:path";\nimport { defineConfig } from "prisma/config";\n\nexport default defineConfig({\n  schema: path.join("database", "schema"),\n});\n';
    const { installer } = await generate({ 'package.json': manifest(), 'prisma.config.ts': config, 'database/schema/schema.prisma': SCHEMA, 'prisma/schema.prisma': SCHEMA });
    expect(installer).toContain('COPY database/schema ./database/schema');
    expect(installer).toMatch(/^COPY package\.json prisma\.config\.ts \.\/$/m);
    expect(installer).not.toContain('COPY prisma ./prisma');
  });

  it('keeps the default prisma/ folder', async () => {
    const { installer } = await generate({ 'package.json': manifest(), 'prisma/schema.prisma': SCHEMA });
    expect(installer).toContain('COPY prisma ./prisma');
  });
});
