import { describe, expect, it } from 'vitest';
import { runCli, tempRepos, type JsonOutput } from '../helpers.js';

/** An API whose build script builds a front end kept in a sub-folder with its own package.json (the API serves it). */
const repo = tempRepos('cdf-sub-build-');

const LOCK = JSON.stringify({ name: 'shop', lockfileVersion: 3, packages: {} });

async function production(build: string, frontend: Record<string, string>): Promise<{ dockerfile: string; json: JsonOutput }> {
  const pkg = { name: 'shop', version: '1.0.0', scripts: { start: 'node backend/server.js', build }, dependencies: { express: '^4.21.2' } };
  const dir = await repo({ 'package.json': JSON.stringify(pkg), 'package-lock.json': LOCK, 'backend/server.js': 'require("express")().listen(process.env.PORT || 5000);\n', ...frontend });
  const r = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
  expect(r.exit, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as JsonOutput;
  const dockerfile = json.files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
  return { dockerfile: dockerfile.slice(dockerfile.indexOf('AS production')), json };
}

describe('a build script that builds a sub-folder front end', () => {
  it('ships the Create React App build of `npm run build --prefix frontend`', async () => {
    const { dockerfile, json } = await production('npm install && npm install --prefix frontend && npm run build --prefix frontend', {
      'frontend/package.json': JSON.stringify({ name: 'frontend', scripts: { build: 'react-scripts build' }, dependencies: { 'react-scripts': '5.0.1' } }),
    });
    expect(dockerfile).toContain('COPY --from=build /app/frontend/build ./frontend/build');
    expect(json.detection?.evidence).toContainEqual({ file: 'package.json', reason: 'the build script builds frontend/ (Create React App writes build/): build output in frontend/build/' });
  });

  it("ships a Vite client's build.outDir for `cd client && npm run build`", async () => {
    const { dockerfile } = await production('cd client && npm install && npm run build', {
      'client/package.json': JSON.stringify({ name: 'client', scripts: { build: 'vite build' }, devDependencies: { vite: '^7.0.0' } }),
      'client/vite.config.js': "export default { build: { outDir: 'public-dist' } };\n",
    });
    expect(dockerfile).toContain('COPY --from=build /app/client/public-dist ./client/public-dist');
  });
});
