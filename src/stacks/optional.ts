import { CliError } from '../errors.js';
import type { Project } from '../types.js';

/**
 * Reads a file that only refines detection (a version file, a lockfile header). When it cannot be
 * used (binary, huge, unreadable) the run goes on without it and says so, instead of failing.
 */
export async function readOptional(project: Project, file: string, warnings: string[]): Promise<string | null> {
  try {
    return await project.readText(file);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    warnings.push(`${error.message}; ignored.`);
    return null;
  }
}
