import { EXIT, type ExitCode } from '../errors.js';
import type { Io, Plan } from '../types.js';

/** Placeholder: `--verify` lands with the real-engine work. */
export async function verify(_root: string, _plan: Plan, io: Io): Promise<ExitCode> {
  io.stderr.write('--verify is not available yet.\n');
  return EXIT.usage;
}
