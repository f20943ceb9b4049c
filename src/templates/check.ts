import { EXIT, type ExitCode } from '../errors.js';
import type { Io, RenderedFile } from '../types.js';
import { inspect, unifiedDiff } from '../write.js';
import { isOwned } from './owned.js';
import { recordedVersion } from './upgrade.js';

/**
 * `--check`: are the committed files what the current templates and options produce? Writes
 * nothing. Exit 0 when every file matches (or differs but is owned by the user), 1 otherwise,
 * with a unified diff per failing file so a CI log shows what to change.
 */
export async function checkFiles(root: string, files: readonly RenderedFile[], io: Io, owned: readonly string[], version: string): Promise<ExitCode> {
  const pending = await inspect(root, files);
  let failing = 0;
  let ownedDrift = 0;
  for (const p of pending) {
    const path = p.file.path;
    if (p.state === 'identical') {
      io.stdout.write(`identical ${path}\n`);
    } else if (isOwned(path, p.existing, owned)) {
      ownedDrift += 1;
      io.stdout.write(`owned     ${path} (${p.state === 'create' ? 'absent' : 'differs'}; yours, so reported, not failed)\n`);
    } else {
      failing += 1;
      const from = p.existing === null ? null : recordedVersion(p.existing);
      const why = p.state === 'create' ? 'missing  ' : 'differs  ';
      const note = from !== null && from !== version ? ` (written by create-dockerfile ${from}; this is ${version})` : '';
      io.stdout.write(`${why} ${path}${note}\n${await unifiedDiff(p)}\n`);
    }
  }
  const ownedText = ownedDrift === 0 ? '' : ` ${ownedDrift} owned file(s) differ and were not counted.`;
  if (failing === 0) {
    io.stdout.write(`\nAll ${pending.length} files match what create-dockerfile ${version} generates.${ownedText}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`\n${failing} of ${pending.length} files differ from what create-dockerfile ${version} generates.${ownedText}\n`);
  io.stdout.write('Regenerate them with `npx create-dockerfile --yes --force`, or mark a file you edited on purpose as yours with a `# create-dockerfile: owned` line.\n');
  return EXIT.unexpected;
}
