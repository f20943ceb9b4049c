/**
 * `docker compose -f compose.yaml -f compose.dev.yaml up` answers. A third overlay publishes the
 * app's service on a loopback port of our choosing (so that parallel runs and other users of the
 * engine do not collide on the host port the generated files ask for) and points its build at the
 * offline copy of the Dockerfile.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { docker, tail, waitForHttp } from './engine.mjs';

export async function composeAnswers(app, dir, hostPort) {
  for (const file of ['compose.yaml', 'compose.dev.yaml']) {
    if (!existsSync(path.join(dir, file))) return { ok: false, detail: `no ${file} was generated` };
  }
  const files = ['-f', 'compose.yaml', '-f', 'compose.dev.yaml'];
  const project = `matrix-real-${app.name}`;
  const config = await docker(['compose', ...files, 'config', '--format', 'json'], { cwd: dir });
  if (config.exitCode !== 0) return { ok: false, detail: `compose config failed:\n${tail(config.all)}` };
  const services = JSON.parse(config.stdout).services ?? {};
  const entry = Object.entries(services).find(([, s]) => s.build !== undefined);
  if (entry === undefined) return { ok: false, detail: 'no service with a build section' };
  const [service, spec] = entry;
  const target = spec.ports?.[0]?.target;
  if (target === undefined) return { ok: false, detail: `service ${service} publishes no port` };
  // The build reads a copy without the `# syntax=` line, whose frontend image cannot be pulled offline.
  const dockerfile = path.resolve(spec.build.context, spec.build.dockerfile ?? 'Dockerfile');
  writeFileSync(`${dockerfile}.offline`, readFileSync(dockerfile, 'utf8').replace(/^#\s*syntax\s*=.*\n/, ''));
  const overlay = [
    'services:',
    `  ${service}:`,
    '    build:',
    `      dockerfile: ${JSON.stringify(`${dockerfile}.offline`)}`,
    '    ports: !override',
    `      - "127.0.0.1:${hostPort}:${target}"`,
  ];
  writeFileSync(path.join(dir, 'compose.matrix.yaml'), `${overlay.join('\n')}\n`);
  const all = [...files, '-f', 'compose.matrix.yaml', '-p', project];
  try {
    const up = await docker(['compose', ...all, 'up', '-d', '--build'], { cwd: dir, env: { ...process.env, BUILDKIT_PROGRESS: 'plain' } });
    if (up.exitCode !== 0) return { ok: false, detail: `compose up failed:\n${tail(up.all)}` };
    const { status } = await waitForHttp(`http://127.0.0.1:${hostPort}${app.probe[0].path}`, 120_000);
    if (status !== null && status >= 200 && status < 400) return { ok: true, status };
    const logs = await docker(['compose', ...all, 'logs', '--no-color', '--no-log-prefix', '--tail', '25', service], { cwd: dir });
    // Compose writes terminal control codes even to a pipe.
    const text = String(logs.all).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    return { ok: false, detail: `${app.probe[0].path} → ${status ?? 'no answer'} on the dev service\n${tail(text, 25)}` };
  } finally {
    await docker(['compose', ...all, 'down', '-v', '--rmi', 'local', '-t', '3'], { cwd: dir });
  }
}
