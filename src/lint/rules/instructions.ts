import type { Instruction, Label } from 'dockerfile-ast';
import type { Model } from '../model.js';
import { chain, flagValue, jsonStrings, unquote } from '../model.js';
import type { Hit, Rule } from '../types.js';

const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];
const SYSTEM_DIRS_EXACT = ['/bin', '/sbin', '/lib', '/lib64', '/usr/bin', '/usr/sbin', '/usr/lib', '/etc', '/run', '/var/run'];
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|gz|bz2|xz)$/i;
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)|\.git(#.*)?$/i;

function at(instr: Instruction, message?: string): Hit {
  const s = instr.getRange().start;
  return message === undefined ? { line: s.line, column: s.character } : { line: s.line, column: s.character, message };
}

function byKeyword(m: Model, ...kws: string[]): Instruction[] {
  return m.instructions.filter((i) => kws.includes(i.getKeyword()));
}

/** COPY/ADD operands (sources then destination), shell or JSON form; null for heredoc forms. */
export function copyOperands(instr: Instruction): string[] | null {
  const json = jsonStrings(instr);
  const args = json ?? instr.getArguments().map((a) => a.getValue());
  if (!json && args.some((a) => a.startsWith('<<'))) return null;
  return args;
}

function exposeHits(m: Model, kind: 'range' | 'format' | 'proto' | 'ssh'): Hit[] {
  const hits: Hit[] = [];
  for (const instr of byKeyword(m, 'EXPOSE')) {
    for (const arg of instr.getArguments()) {
      const value = unquote(arg.getValue());
      const pos = arg.getRange().start;
      if (value.includes('$')) continue;
      const hit = (message: string): void => { hits.push({ line: pos.line, column: pos.character, message }); };
      if (value.includes(':')) {
        if (kind === 'format') hit(`EXPOSE "${value}" maps a host address or port; expose only the container port.`);
        continue;
      }
      const [ports = '', proto] = value.split('/');
      if (kind === 'proto' && proto !== undefined && proto !== proto.toLowerCase()) hit(`Protocol "${proto}" should be lowercase.`);
      const numbers = ports.split('-');
      const valid = numbers.length <= 2 && numbers.every((n) => /^\d+$/.test(n) && Number(n) <= 65535);
      const knownProto = proto === undefined || ['tcp', 'udp', 'sctp'].includes(proto.toLowerCase());
      if (kind === 'range' && (!valid || !knownProto)) hit(`Invalid port "${value}": valid ports are 0-65535, protocols tcp/udp/sctp.`);
      if (kind === 'ssh' && valid && numbers.length === 1 && Number(numbers[0]) === 22) hit('Port 22 (SSH) should not be exposed.');
    }
  }
  return hits;
}

const LABEL_KEY = /^[a-z0-9](?:[a-z0-9]|[.-](?=[a-z0-9]))*$/;
const RESERVED_LABEL = /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/;

export const instructionRules: Rule<Model>[] = [
  {
    id: 'DL3025', aliases: ['JSONArgsRecommended'], severity: 'warning',
    message: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments.',
    hint: 'Write `CMD ["executable", "arg"]` so signals reach the process.',
    check: (m) => byKeyword(m, 'CMD', 'ENTRYPOINT').filter((i) => jsonStrings(i) === null && i.getArguments().length > 0).map((i) => at(i)),
  },
  {
    id: 'DS-0030', aliases: [], severity: 'warning',
    message: 'WORKDIR should not be a system directory.',
    hint: 'Use an application directory such as `/app`.',
    check: (m) => byKeyword(m, 'WORKDIR').filter((i) => {
      const dir = unquote(i.getArgumentsContent() ?? '').replace(/\/+$/, '');
      return SYSTEM_DIRS.some((d) => dir === d || dir.startsWith(`${d}/`)) || SYSTEM_DIRS_EXACT.includes(dir);
    }).map((i) => at(i)),
  },
  {
    id: 'DL3045', aliases: [], severity: 'warning',
    message: '`COPY` to a relative destination without `WORKDIR` set.',
    hint: 'Set `WORKDIR /app` first or use an absolute destination.',
    check: (m) => m.stages.flatMap((stage) => {
      let workdir = chain(stage).slice(0, -1).some((s) => s.instructions.some((i) => i.getKeyword() === 'WORKDIR'));
      const hits: Hit[] = [];
      for (const instr of stage.instructions) {
        if (instr.getKeyword() === 'WORKDIR') workdir = true;
        if (instr.getKeyword() !== 'COPY' || workdir) continue;
        const dest = copyOperands(instr)?.at(-1);
        if (dest !== undefined && !/^([/$~]|[A-Za-z]:[\\/])/.test(dest)) hits.push(at(instr));
      }
      return hits;
    }),
  },
  {
    id: 'DL3021', aliases: ['DS-0011'], severity: 'error',
    message: 'COPY with more than 2 arguments requires the last argument to end with /.',
    hint: 'End the destination with `/`.',
    check: (m) => byKeyword(m, 'COPY', 'ADD').filter((i) => {
      const ops = copyOperands(i);
      return ops !== null && ops.length > 2 && !/[/\\]$/.test(ops.at(-1) ?? '');
    }).map((i) => at(i)),
  },
  {
    id: 'DL3011', aliases: ['DS-0008'], severity: 'error',
    message: 'Valid UNIX ports range from 0 to 65535.',
    hint: 'Expose a port number between 0 and 65535, optionally with /tcp or /udp.',
    check: (m) => exposeHits(m, 'range'),
  },
  {
    id: 'ExposeInvalidFormat', aliases: [], severity: 'warning',
    message: 'EXPOSE should not define an IP address or host-port mapping.',
    hint: 'Expose only the container port; publish it with `docker run -p`.',
    check: (m) => exposeHits(m, 'format'),
  },
  {
    id: 'ExposeProtoCasing', aliases: [], severity: 'warning',
    message: 'Defined protocol should be lowercase.',
    hint: 'Write `/tcp` or `/udp` in lowercase.',
    check: (m) => exposeHits(m, 'proto'),
  },
  {
    id: 'DS-0004', aliases: [], severity: 'warning',
    message: 'Port 22 (SSH) should not be exposed.',
    hint: 'Remove `EXPOSE 22`; use `docker exec` to get a shell.',
    check: (m) => exposeHits(m, 'ssh'),
  },
  {
    id: 'DL3020', aliases: ['DS-0005'], severity: 'error',
    message: 'Use COPY instead of ADD for files and folders.',
    hint: 'Replace ADD with COPY (keep ADD only for remote URLs/git with --checksum, or local tarballs to extract).',
    check: (m) => byKeyword(m, 'ADD').filter((i) => {
      const ops = copyOperands(i);
      return ops !== null && ops.slice(0, -1).some((src) => !REMOTE.test(src) && !ARCHIVE.test(src));
    }).map((i) => at(i)),
  },
  {
    id: 'AddUrlWithoutChecksum', aliases: [], severity: 'warning',
    message: 'ADD downloads a URL without --checksum: what is fetched is never verified.',
    hint: 'Pin it: `ADD --checksum=sha256:<digest> https://…` (BuildKit fails the build when the download differs).',
    check: (m) => byKeyword(m, 'ADD').filter((i) => {
      const ops = copyOperands(i);
      return ops !== null && flagValue(i, 'checksum') === undefined && ops.slice(0, -1).some((src) => /^https?:\/\//i.test(src));
    }).map((i) => at(i)),
  },
  {
    id: 'DL3048', aliases: [], severity: 'info',
    message: 'Invalid label key.',
    hint: 'Use lowercase reverse-DNS keys such as `org.opencontainers.image.title`.',
    check: (m) => byKeyword(m, 'LABEL').flatMap((i) => (i as Label).getProperties())
      .filter((p) => {
        const key = unquote(p.getName());
        return !key.includes('$') && (!LABEL_KEY.test(key) || RESERVED_LABEL.test(key));
      })
      .map((p) => ({ line: p.getNameRange().start.line, column: p.getNameRange().start.character, message: `Invalid label key "${unquote(p.getName())}".` })),
  },
  {
    id: 'ConsistentInstructionCasing', aliases: [], severity: 'warning',
    message: 'Instructions should be in consistent casing.',
    hint: 'Write all instructions in uppercase (or all in lowercase).',
    check: (m) => {
      const upper = m.instructions.filter((i) => i.getInstruction() === i.getInstruction().toUpperCase()).length;
      const lower = m.instructions.filter((i) => i.getInstruction() === i.getInstruction().toLowerCase()).length;
      const wantUpper = upper >= lower;
      return m.instructions
        .filter((i) => i.getInstruction() !== (wantUpper ? i.getInstruction().toUpperCase() : i.getInstruction().toLowerCase()))
        .map((i) => at(i, `Instruction "${i.getInstruction()}" should be written as "${wantUpper ? i.getKeyword() : i.getKeyword().toLowerCase()}".`));
    },
  },
];

export function copyFromContext(instr: Instruction): boolean {
  return instr.getKeyword() === 'ADD' || flagValue(instr, 'from') === undefined;
}
