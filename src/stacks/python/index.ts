import { VERSION } from '../../version.js';
import { defineStack } from '../define.js';
import { detectPythonFacts, type PythonFacts } from './detect.js';
import { planPython } from './plan.js';
import type { Detection } from '../../types.js';
import type { PythonMemberFacts } from './workspace.js';
import { planUvMember } from './workspace-plan.js';

// For uv workspace members (src/workspaces/member.ts), which load this module only then.
export { detectUvMember } from './workspace.js';

/**
 * Only the Debian slim runtime: the distroless Python image carries Debian's own interpreter
 * (3.11 under /usr/bin), so a venv built on python:<v>-slim would point at a Python it lacks.
 */
export const python = defineStack<PythonFacts>({
  id: 'python',
  label: 'Python',
  bases: ['slim'],
  startHint: 'Define the app object in main.py/app.py (FastAPI, Flask), add a Procfile "web:" line or a [project.scripts] entry, or pass --cmd "gunicorn myapp.wsgi --bind 0.0.0.0:8000".',
  async detect(project) {
    const found = await detectPythonFacts(project);
    if (found === null) return null;
    const { facts } = found;
    return {
      stack: 'python',
      facts,
      values: {
        packageManager: facts.pm.name,
        languageVersion: facts.pythonVersion,
        framework: facts.start.framework,
        startCommand: facts.start.command,
        port: facts.start.port,
      },
      evidence: found.evidence,
      choices: [],
      warnings: found.warnings,
    };
  },
  plan(detection, options) {
    if ('workspace' in detection.facts) return planUvMember(detection as Detection<PythonMemberFacts>, options, VERSION);
    return planPython(detection, options, VERSION);
  },
});
