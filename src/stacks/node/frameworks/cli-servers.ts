import { hasDependency } from '../package-json.js';
import { readTsconfigOutDir } from '../tsconfig.js';
import { binPath } from './script.js';
import type { FrameworkRule } from './types.js';

/**
 * `nest start` compiles and then runs `node <outDir>/main`; in the image the build stage has
 * compiled already, so the production command is the node half (Nest CLI docs).
 */
export const nest: FrameworkRule = async ({ project, pkg, script, at, evidence }) => {
  if (!hasDependency(pkg, '@nestjs/core')) return null;
  const viaCli = script?.kind === 'simple' && script.words[0] === 'nest' && script.words[1] === 'start';
  if (script !== null && !viaCli) return null;
  const outDir = (await readTsconfigOutDir(project, at('tsconfig.build.json'))) ?? (await readTsconfigOutDir(project, at('tsconfig.json'))) ?? 'dist';
  evidence.push({ file: at('package.json'), reason: viaCli ? `nest start runs node ${outDir}/main.js once built` : `NestJS builds to ${outDir}/main.js` });
  return { kind: 'server', framework: 'nestjs', command: ['node', `${outDir}/main.js`], env: {}, port: null, outputDir: outDir, selfContained: false, binPackage: null };
};

const ADDRESS_FLAGS = new Set(['-a', '--address']);
const PORT_FLAGS = new Set(['-p', '--port']);

/**
 * `fastify start <plugin>` (fastify-cli) listens on localhost unless told otherwise: the image
 * passes `--address 0.0.0.0` instead of any address the script gives, and keeps its `-p`.
 */
export const fastifyCli: FrameworkRule = async ({ pkg, script, at, evidence }) => {
  if (script?.kind !== 'simple' || script.words[0] !== 'fastify' || script.words[1] !== 'start') return null;
  if (!hasDependency(pkg, 'fastify-cli')) return null;
  const args: string[] = [];
  let port = 3000;
  const words = script.words.slice(2);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (ADDRESS_FLAGS.has(word)) i += 1;
    else if (word.startsWith('--address=')) continue;
    else {
      if (PORT_FLAGS.has(word) && /^\d{2,5}$/.test(words[i + 1] ?? '')) port = Number(words[i + 1]);
      const eq = /^--port=(\d{2,5})$/.exec(word);
      if (eq !== null) port = Number(eq[1]);
      args.push(word);
    }
  }
  evidence.push({ file: at('package.json'), reason: `fastify start (fastify-cli) on port ${port}, made to listen on all interfaces` });
  return {
    kind: 'server',
    framework: 'fastify',
    command: [binPath('fastify'), 'start', ...args, '--address', '0.0.0.0'],
    env: {},
    port,
    outputDir: null,
    selfContained: false,
    binPackage: 'fastify-cli',
  };
};
