import type { Arg, Env, Instruction, Property, PropertyInstruction } from 'dockerfile-ast';
import type { Model } from '../model.js';
import { chain, inSingleQuotes } from '../model.js';
import type { Hit, Rule } from '../types.js';

/**
 * Variables a base image or the builder provides without any ARG/ENV in the Dockerfile. We cannot
 * inspect base images, so this lists what practically every image sets (PATH, HOME, HOSTNAME), the
 * predefined proxy ARGs, and the version variables of the official language images.
 */
export const IMAGE_ENV = new Set([
  'PATH', 'HOME', 'HOSTNAME', 'LANG', 'LC_ALL', 'TERM',
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
  'NODE_VERSION', 'YARN_VERSION', 'GOPATH', 'GOLANG_VERSION', 'GOTOOLCHAIN',
  'PYTHON_VERSION', 'JAVA_HOME', 'JAVA_VERSION',
]);

/** Instructions whose arguments the shell (not the builder) expands. */
const SHELL_EVALUATED = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'FROM']);

const SECRET_NAME = /(?:_|^)(?:apikey|auth|credentials?|key|password|pword|passwd|secret|token)(?:_|$)/i;
const SECRET_ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

function propertiesOf(instr: Instruction): Property[] {
  const kw = instr.getKeyword();
  if (kw === 'ENV' || kw === 'LABEL') return (instr as PropertyInstruction).getProperties();
  if (kw === 'ARG') {
    const p = (instr as Arg).getProperty();
    return p ? [p] : [];
  }
  return [];
}

function definedNames(instr: Instruction): string[] {
  const kw = instr.getKeyword();
  return kw === 'ENV' || kw === 'ARG' ? propertiesOf(instr).map((p) => p.getName()) : [];
}

function undefinedVarHits(m: Model): Hit[] {
  const hits: Hit[] = [];
  for (const stage of m.stages) {
    const defined = new Set<string>();
    for (const ancestor of chain(stage).slice(0, -1)) {
      for (const instr of ancestor.instructions) if (instr.getKeyword() === 'ENV') definedNames(instr).forEach((n) => defined.add(n));
    }
    for (const instr of stage.instructions) {
      const kw = instr.getKeyword();
      if (!SHELL_EVALUATED.has(kw)) {
        const sameInstruction = new Set(kw === 'ENV' ? definedNames(instr) : []);
        for (const v of instr.getVariables()) {
          const name = v.getName();
          if (v.getModifier() !== null || defined.has(name) || IMAGE_ENV.has(name) || sameInstruction.has(name)) continue;
          const pos = v.getRange().start;
          if (inSingleQuotes(m, instr, pos)) continue;
          hits.push({ line: pos.line, column: pos.character, message: `Usage of undefined variable '$${name}'.` });
        }
      }
      definedNames(instr).forEach((n) => defined.add(n));
    }
  }
  return hits;
}

function contains(p: Property, pos: { line: number; character: number }): boolean {
  const r = p.getValueRange();
  if (!r) return false;
  const after = pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character);
  const before = pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character);
  return after && before;
}

function sameEnvRefHits(m: Model): Hit[] {
  const hits: Hit[] = [];
  for (const instr of m.instructions) {
    if (instr.getKeyword() !== 'ENV') continue;
    const props = (instr as Env).getProperties();
    for (const v of instr.getVariables()) {
      const pos = v.getRange().start;
      const owner = props.findIndex((p) => contains(p, pos));
      if (owner < 0 || inSingleQuotes(m, instr, pos)) continue;
      if (props.slice(0, owner).some((p) => p.getName() === v.getName())) {
        hits.push({ line: pos.line, column: pos.character, message: `ENV references '${v.getName()}' defined in the same ENV instruction.` });
      }
    }
  }
  return hits;
}

export const varRules: Rule<Model>[] = [
  {
    id: 'UndefinedVar', aliases: [], severity: 'warning',
    message: 'Usage of an undefined variable.',
    hint: 'Declare it with ARG (inside this stage) or ENV before use; automatic platform ARGs also need `ARG NAME` in the stage.',
    check: undefinedVarHits,
  },
  {
    id: 'LegacyKeyValueFormat', aliases: [], severity: 'warning',
    message: 'Legacy "key value" format: use "key=value".',
    hint: 'Write `ENV KEY=value` / `LABEL key=value`.',
    check: (m) => m.instructions
      .filter((i) => (i.getKeyword() === 'ENV' || i.getKeyword() === 'LABEL') && propertiesOf(i).some((p) => p.getAssignmentOperator() === null))
      .map((i) => ({ line: i.getRange().start.line, column: i.getRange().start.character, message: `Legacy "${i.getKeyword()} key value" format: use "${i.getKeyword()} key=value".` })),
  },
  {
    id: 'DL3044', aliases: [], severity: 'error',
    message: 'Do not refer to an environment variable within the same ENV statement where it is defined.',
    hint: 'Split into two ENV instructions.',
    check: sameEnvRefHits,
  },
  {
    id: 'SecretsUsedInArgOrEnv', aliases: ['DS-0031'], severity: 'warning',
    message: 'Do not use ARG or ENV instructions for sensitive data.',
    hint: 'Pass secrets with `RUN --mount=type=secret,id=…` instead; they end up in the image history otherwise.',
    check: (m) => m.instructions
      .filter((i) => i.getKeyword() === 'ARG' || i.getKeyword() === 'ENV')
      .flatMap((i) => propertiesOf(i))
      .filter((p) => SECRET_NAME.test(p.getName()) && !SECRET_ALLOW.test(p.getName()))
      .map((p) => ({
        line: p.getNameRange().start.line, column: p.getNameRange().start.character,
        message: `Do not use ARG or ENV instructions for sensitive data ("${p.getName()}").`,
      })),
  },
];
