import { safePath } from '../safe.js';
import type { Plan, RenderedFile } from '../types.js';
import { toYamlText } from './compose-yaml.js';
import { buildSecrets, cache, stage, stepFactory, type StepFactory } from './workflow-steps.js';

export interface WorkflowContext {
  readonly pinActions: boolean;
  readonly version: string;
  /** The generated Dockerfile: its secret mounts decide which BuildKit secrets the builds pass. */
  readonly dockerfile: string;
}

const IMAGE = '${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}';
const SCAN_TAG = 'app:scan';
const PLATFORMS = 'linux/amd64,linux/arm64';
const CHECKOUT_INPUTS = { 'persist-credentials': false };

/** `file:` for a Dockerfile outside the context root (a workspace member's folder). */
function file(plan: Plan): Record<string, string> {
  return plan.dockerfilePath === undefined ? {} : { file: safePath(plan.dockerfilePath, 'the Dockerfile path') };
}

function withSecrets(inputs: Record<string, string | boolean>, secrets: string | null): Record<string, string | boolean> {
  return secrets === null ? inputs : { ...inputs, secrets };
}

function trivy(f: StepFactory, sarif: boolean): Record<string, unknown> {
  return sarif
    ? f.step('Scan the image (report for code scanning)', 'trivy', { 'image-ref': SCAN_TAG, format: 'sarif', output: 'trivy-results.sarif', severity: 'CRITICAL,HIGH', 'exit-code': '0' })
    : f.step('Fail on critical vulnerabilities', 'trivy', { 'image-ref': SCAN_TAG, format: 'table', severity: 'CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' });
}

function testJob(plan: Plan, f: StepFactory, secrets: string | null): Record<string, unknown> {
  const target = stage(plan.image.targets.test);
  return {
    name: `Tests (docker build --target ${target})`,
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    steps: [
      f.step('Check out', 'checkout', CHECKOUT_INPUTS),
      f.step('Set up Docker Buildx', 'buildx'),
      // The test stage runs the suite in a RUN step, so building it runs the tests; a failure fails the build.
      f.step('Build the test stage (runs the tests)', 'buildPush', withSecrets({ context: '.', ...file(plan), target, outputs: 'type=cacheonly', ...cache(target, true) }, secrets)),
    ],
  };
}

function prBuildJob(plan: Plan, f: StepFactory, secrets: string | null): Record<string, unknown> {
  const target = stage(plan.image.targets.production);
  return {
    name: 'Production image (built and scanned, not pushed)',
    if: "github.event_name == 'pull_request'",
    needs: 'test',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    steps: [
      f.step('Check out', 'checkout', CHECKOUT_INPUTS),
      f.step('Set up Docker Buildx', 'buildx'),
      f.step('Build the production image', 'buildPush', withSecrets({ context: '.', ...file(plan), target, load: true, push: false, tags: SCAN_TAG, ...cache(target, false) }, secrets)),
      trivy(f, false),
    ],
  };
}

function publishJob(plan: Plan, f: StepFactory, secrets: string | null): Record<string, unknown> {
  const target = stage(plan.image.targets.production);
  const tags = ['type=sha', 'type=ref,event=branch', 'type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}'].join('\n');
  return {
    name: 'Publish to GHCR (scanned before push)',
    if: "github.event_name == 'push'",
    needs: 'test',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 60,
    // Only this job writes: packages for the push, security-events for the SARIF upload.
    permissions: { contents: 'read', packages: 'write', 'security-events': 'write' },
    steps: [
      f.step('Check out', 'checkout', CHECKOUT_INPUTS),
      f.step('Set up QEMU (arm64 emulation)', 'qemu', { platforms: 'arm64' }),
      f.step('Set up Docker Buildx', 'buildx'),
      f.step('Image tags and labels', 'metadata', { images: IMAGE, tags }, { id: 'meta' }),
      f.step('Build the production image for the scan', 'buildPush', withSecrets({ context: '.', ...file(plan), target, load: true, push: false, tags: SCAN_TAG, labels: '${{ steps.meta.outputs.labels }}', ...cache(target, true) }, secrets)),
      trivy(f, true),
      f.step('Upload the scan to code scanning', 'uploadSarif', { sarif_file: 'trivy-results.sarif', category: 'trivy-image' }),
      trivy(f, false),
      f.step('Log in to GHCR', 'login', { registry: '${{ env.REGISTRY }}', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }),
      f.step('Build and push (multi-arch)', 'buildPush', withSecrets({
        context: '.', ...file(plan), target, platforms: PLATFORMS,
        push: "${{ github.event_name != 'pull_request' }}",
        tags: '${{ steps.meta.outputs.tags }}', labels: '${{ steps.meta.outputs.labels }}', ...cache(target, true),
      }, secrets)),
    ],
  };
}

/** .github/workflows/docker.yml: tests on every change, a scanned production image, multi-arch push from main and tags. */
export function renderWorkflow(plan: Plan, ctx: WorkflowContext): RenderedFile {
  const f = stepFactory(ctx.pinActions);
  const secrets = buildSecrets(ctx.dockerfile);
  const workflow = {
    name: 'Docker',
    on: {
      push: { branches: ['main'], tags: ['v*.*.*'] },
      pull_request: {},
    },
    permissions: { contents: 'read' },
    concurrency: { group: '${{ github.workflow }}-${{ github.ref }}', 'cancel-in-progress': true },
    env: { REGISTRY: 'ghcr.io', IMAGE_NAME: '${{ github.repository }}' },
    jobs: { test: testJob(plan, f, secrets), build: prBuildJob(plan, f, secrets), publish: publishJob(plan, f, secrets) },
  };
  const header = [
    `Generated by create-dockerfile ${ctx.version}: test, build, scan and publish the image.`,
    'Pull requests: run the test stage, build the production image and fail on CRITICAL vulnerabilities; nothing is pushed.',
    'Pushes to main and v* tags: scan the image before pushing it to ghcr.io for linux/amd64 and linux/arm64.',
    'If your default branch is not main, change on.push.branches.',
  ];
  if (secrets !== null) {
    const names = [...secrets.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]).join(', ');
    header.push(`Private registries: store the credentials file as repository secret(s) ${names}; builds get them as BuildKit secrets.`);
  }
  return { path: '.github/workflows/docker.yml', kind: 'workflow', contents: toYamlText(workflow, header, { trailing: f.comments }) };
}
