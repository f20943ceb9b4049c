import type { From, Instruction } from 'dockerfile-ast';
import type { Model, Stage } from '../model.js';
import { flagValue } from '../model.js';
import type { Hit, Rule } from '../types.js';

const AUTOMATIC_PLATFORM_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
]);

export function isAutomaticPlatformArg(name: string): boolean {
  return AUTOMATIC_PLATFORM_ARGS.has(name);
}

function at(instr: Instruction, message?: string): Hit {
  const start = instr.getRange().start;
  return message === undefined ? { line: start.line, column: start.character } : { line: start.line, column: start.character, message };
}

function nameHit(stage: Stage, message?: string): Hit {
  const r = stage.from.getBuildStageRange()?.start ?? stage.from.getRange().start;
  return message === undefined ? { line: r.line, column: r.character } : { line: r.line, column: r.character, message };
}

/** Substitute global ARG defaults so `FROM node:${NODE_VERSION}` can be judged; null if unresolvable. */
function resolvedImage(model: Model, from: From): string | null {
  const image = from.getImage();
  if (image === null) return null;
  const line = from.getRange().start.line;
  const defaults = new Map<string, string>();
  for (const arg of model.globalArgs) {
    const p = arg.getProperty();
    if (p && arg.getRange().start.line < line && p.getValue() !== null) defaults.set(p.getName(), p.getValue() ?? '');
  }
  const out = image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?/g, (m, name: string, dflt: string | undefined) =>
    defaults.get(name) ?? dflt ?? m,
  );
  return out.includes('$') ? null : out;
}

function isStageRef(model: Model, stage: Stage, image: string): boolean {
  return model.stages.some((s) => s.index < stage.index && s.name !== null && s.name.toLowerCase() === image.toLowerCase());
}

/** [name, tag, digest] of an image reference. */
function splitImage(image: string): [string, string | null, string | null] {
  const [nameTag = '', digest = null] = image.split('@');
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  if (colon > slash) return [nameTag.slice(0, colon), nameTag.slice(colon + 1), digest];
  return [nameTag, null, digest];
}

function externalImages(model: Model): Array<{ stage: Stage; name: string; tag: string | null; digest: string | null }> {
  const out = [];
  for (const stage of model.stages) {
    const image = resolvedImage(model, stage.from);
    if (image === null || image.toLowerCase() === 'scratch' || isStageRef(model, stage, image)) continue;
    const [name, tag, digest] = splitImage(image);
    out.push({ stage, name, tag, digest });
  }
  return out;
}

export const stageRules: Rule<Model>[] = [
  {
    id: 'DL3024', aliases: ['DuplicateStageName', 'DS-0012'], severity: 'error',
    message: 'FROM aliases (stage names) must be unique.',
    hint: 'Rename one of the stages.',
    check: (m) => m.stages
      .filter((s) => s.name !== null && m.stages.some((o) => o.index < s.index && o.name?.toLowerCase() === s.name?.toLowerCase()))
      .map((s) => nameHit(s, `Duplicate stage name "${s.name ?? ''}".`)),
  },
  {
    id: 'StageNameCasing', aliases: [], severity: 'warning',
    message: 'Stage names should be lowercase.',
    hint: 'Write the name after AS in lowercase.',
    check: (m) => m.stages.filter((s) => s.name !== null && s.name !== s.name.toLowerCase())
      .map((s) => nameHit(s, `Stage name "${s.name ?? ''}" should be lowercase.`)),
  },
  {
    id: 'DL3063', aliases: ['ReservedStageName'], severity: 'error',
    message: 'Stage name is reserved.',
    hint: 'Do not name a stage "scratch" or "context".',
    check: (m) => m.stages.filter((s) => ['scratch', 'context'].includes(s.name?.toLowerCase() ?? ''))
      .map((s) => nameHit(s, `Stage name "${s.name ?? ''}" is reserved.`)),
  },
  {
    id: 'FromAsCasing', aliases: [], severity: 'warning',
    message: "'as' and 'FROM' keywords' casing do not match.",
    hint: 'Write `FROM … AS name` (or `from … as name`) with matching case.',
    check: (m) => m.stages.flatMap((s) => {
      const as = s.from.getArguments()[1]?.getValue();
      if (as === undefined || as.toLowerCase() !== 'as') return [];
      const kw = s.from.getInstruction();
      const fromUpper = kw === kw.toUpperCase();
      const asUpper = as === as.toUpperCase();
      return fromUpper === asUpper ? [] : [at(s.from)];
    }),
  },
  {
    id: 'DL3022', aliases: ['DS-0006'], severity: 'warning',
    message: '`COPY --from` should reference a previously defined FROM alias.',
    hint: 'Define the stage before this COPY, or use a full image reference (name:tag).',
    check: (m) => copyFromHits(m, false),
  },
  {
    id: 'DL3023', aliases: [], severity: 'error',
    message: '`COPY --from` cannot reference its own FROM alias.',
    hint: 'Copy from an earlier stage instead.',
    check: (m) => copyFromHits(m, true),
  },
  {
    id: 'UndefinedArgInFrom', aliases: [], severity: 'warning',
    message: 'FROM uses an ARG that is not declared before the first FROM.',
    hint: 'Declare it with a default, e.g. `ARG NAME=value`, above the first FROM.',
    check: (m) => fromArgHits(m, 'undefined'),
  },
  {
    id: 'InvalidDefaultArgInFrom', aliases: [], severity: 'warning',
    message: 'FROM uses an ARG without a default value: the image name may be empty or invalid.',
    hint: 'Give the global ARG a default, e.g. `ARG NODE_VERSION=22`.',
    check: (m) => fromArgHits(m, 'nodefault'),
  },
  {
    id: 'DL3006', aliases: [], severity: 'warning',
    message: 'Always tag the version of an image explicitly.',
    hint: 'Pin a tag, e.g. `node:22-bookworm-slim`, or a digest.',
    check: (m) => externalImages(m).filter((i) => i.tag === null && i.digest === null)
      .map((i) => at(i.stage.from, `Image "${i.name}" has no tag.`)),
  },
  {
    id: 'DL3007', aliases: ['DS-0001'], severity: 'warning',
    message: 'Using latest is prone to errors if the image will ever update.',
    hint: 'Pin a specific version tag instead of `latest`.',
    check: (m) => externalImages(m).filter((i) => i.tag?.toLowerCase() === 'latest' && i.digest === null)
      .map((i) => at(i.stage.from)),
  },
  {
    id: 'DL3029', aliases: ['FromPlatformFlagConstDisallowed', 'RedundantTargetPlatform', 'InvalidBaseImagePlatform'],
    severity: 'warning',
    message: 'Do not use --platform with FROM except `--platform=$BUILDPLATFORM` on cross-compiling build stages.',
    hint: 'Drop the flag (the target platform is the default) or use `--platform=$BUILDPLATFORM` on a builder stage.',
    check: (m) => m.stages.flatMap((s) => {
      const value = flagValue(s.from, 'platform');
      if (value === undefined) return [];
      const build = /^\$\{?BUILDPLATFORM\}?$/.test(value ?? '');
      if (build && s === m.finalStage && m.stages.length > 1) {
        return [at(s.from, 'The final stage must not use `--platform=$BUILDPLATFORM`: the image would be built for the builder, not the target.')];
      }
      if (build) return [];
      if (/TARGETPLATFORM/.test(value ?? '')) return [at(s.from, '`--platform=$TARGETPLATFORM` is redundant: it is the default.')];
      if (!(value ?? '').includes('$')) return [at(s.from, `FROM --platform flag should not use a constant value ("${value ?? ''}").`)];
      return [at(s.from)];
    }),
  },
];

function copyFromHits(m: Model, self: boolean): Hit[] {
  const hits: Hit[] = [];
  for (const stage of m.stages) {
    for (const instr of stage.instructions) {
      if (instr.getKeyword() !== 'COPY') continue;
      const from = flagValue(instr, 'from');
      if (from === undefined || from === null || from.includes('$')) continue;
      const lower = from.toLowerCase();
      const isSelf = stage.name?.toLowerCase() === lower || lower === String(stage.index);
      if (self) {
        if (isSelf) hits.push(at(instr));
        continue;
      }
      if (isSelf) continue;
      const earlier = m.stages.some((s) => s.index < stage.index && (s.name?.toLowerCase() === lower || String(s.index) === lower));
      const imageRef = /[:/@.]/.test(from);
      if (!earlier && !imageRef) hits.push(at(instr, `\`COPY --from=${from}\` does not name an earlier stage.`));
    }
  }
  return hits;
}

function fromArgHits(m: Model, kind: 'undefined' | 'nodefault'): Hit[] {
  const hits: Hit[] = [];
  for (const stage of m.stages) {
    const line = stage.from.getRange().start.line;
    const imageRange = stage.from.getImageRange();
    for (const v of stage.from.getVariables()) {
      const name = v.getName();
      if (v.getModifier() !== null || isAutomaticPlatformArg(name)) continue;
      const decls = m.globalArgs.filter((a) => a.getProperty()?.getName() === name && a.getRange().start.line < line);
      const pos = v.getRange().start;
      if (kind === 'undefined' && decls.length === 0) {
        hits.push({ line: pos.line, column: pos.character, message: `FROM uses undeclared ARG "${name}".` });
      }
      const inImage = imageRange !== null && pos.line === imageRange.start.line && pos.character >= imageRange.start.character;
      if (kind === 'nodefault' && inImage && decls.length > 0 && decls.every((a) => a.getProperty()?.getValue() === null)) {
        hits.push({ line: pos.line, column: pos.character, message: `ARG "${name}" has no default, so the base image name may be invalid.` });
      }
    }
  }
  return hits;
}

