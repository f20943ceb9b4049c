import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An npm registry on loopback that knows one package: the packed tarball, published as npm would
 * publish it. `npx create-dockerfile` and `npm create dockerfile` resolve and download it exactly
 * as they would from registry.npmjs.org, with no network. Any other package is "not found".
 */
export interface Registry {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveRegistry(tarball: string, packageJson: string): Promise<Registry> {
  const tgz = readFileSync(tarball);
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string; version: string; bin: unknown; engines: unknown };
  const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
  const file = `/${pkg.name}/-/${pkg.name}-${pkg.version}.tgz`;
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === `/${pkg.name}`) {
      const version = { name: pkg.name, version: pkg.version, bin: pkg.bin, engines: pkg.engines, dist: { tarball: `${base}${file}`, integrity } };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: pkg.name, 'dist-tags': { latest: pkg.version }, versions: { [pkg.version]: version } }));
    } else if (req.url === file) {
      res.end(tgz);
    } else {
      // npm's audit and update checks: answered as a registry without them would.
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
