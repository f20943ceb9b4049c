import { defineStack } from '../define.js';
import type { NodeFacts } from './detect.js';
import { detectNodeFacts, nodeDetection } from './detect.js';
import { nodeRuntime, planNodeLike } from './plan.js';
import { bunImages, nodeImages } from './images.js';
import { VERSION } from '../../version.js';
import { planNodeWorkspace } from './workspace-plan.js';
import { requestedPackageManager } from './package-manager.js';
import { STATIC_COMMAND } from './start.js';
import { staticShape } from './static-runtime.js';

export const node = defineStack<NodeFacts>({
  id: 'node',
  label: 'Node.js',
  bases: ['slim', 'alpine', 'distroless'],
  startHint: 'Add a "start" script to package.json (one command, such as node dist/server.js), set "main", or pass --cmd "node dist/server.js".',
  async detect(project) {
    const found = await detectNodeFacts(project);
    if (found === null) return null;
    return nodeDetection('node', found.facts, found.evidence, found.warnings, found.facts.start.framework);
  },
  plan(detection, options) {
    const facts = { ...detection.facts, pm: requestedPackageManager(detection.facts.pm, options.packageManager, detection.facts.workspace !== null) };
    if (facts.workspace !== null) return planNodeWorkspace('node', facts, facts.workspace, options, null, VERSION);
    const images = facts.runtime === 'bun' ? bunImages(options.base, facts.pm.version ?? '1') : nodeImages(options.base, options.languageVersion);
    // `--cmd` on a static site asks for a Node.js server instead of nginx.
    const site = facts.start.static !== null && options.startCommand.join(' ') === STATIC_COMMAND.join(' ') ? facts.start.static : null;
    const runtime = site !== null ? staticShape(facts, site, options) : nodeRuntime(facts, options, images);
    return planNodeLike('node', facts, options, runtime, VERSION);
  },
});
