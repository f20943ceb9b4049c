import { safePath } from '../safe.js';
import type { Plan, RenderedFile } from '../types.js';
import { toYamlText } from './compose-yaml.js';
import { buildSecrets, cache, stage, stepFactory, type StepFactory } from './workflow-steps.js';

export interface WorkflowContext {
  /** Commit SHAs (the default) or version tags (`--no-pin-actions`). */
  readonly pinActions: boolean;
  readonly version: string;
  /** The generated Dockerfile: its secret mounts decide which BuildKit secrets the builds pass. */
  readonly dockerfile: string;
}

const SCAN_TAG = 'app:scan';
/** Every platform published; each is built, pushed by digest and scanned on its own. */
export const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
const CHECKOUT_INPUTS = { 'persist-credentials': false };
/** The image name, lower-cased: GHCR refuses upper case, and github.repository keeps the owner's spelling. */
const IMAGE = '${{ steps.image.outputs.name }}';

/** `file:` for a Dockerfile outside the context root (a workspace member's folder). */
function file(plan: Plan): Record<string, string> {
  return plan.dockerfilePath === undefined ? {} : { file: safePath(plan.dockerfilePath, 'the Dockerfile path') };
}

function withSecrets(inputs: Record<string, string | boolean>, secrets: string | null): Record<string, string | boolean> {
  return secrets === null ? inputs : { ...inputs, secrets };
}

function arch(platform: string): string {
  return platform.slice(platform.indexOf('/') + 1);
}

function gate(f: StepFactory, imageRef: string, name = 'Fail on critical vulnerabilities'): Record<string, unknown> {
  return f.step(name, 'trivy', { 'image-ref': imageRef, format: 'table', severity: 'CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' });
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
      gate(f, SCAN_TAG),
    ],
  };
}

/** Build one platform, push it by digest only (no tag yet), scan that digest, report and gate. */
function platformSteps(plan: Plan, f: StepFactory, secrets: string | null, platform: string): Record<string, unknown>[] {
  const target = stage(plan.image.targets.production);
  const a = arch(platform);
  const ref = `${IMAGE}@\${{ steps.build-${a}.outputs.digest }}`;
  return [
    f.step(`Build and push ${platform} by digest (no tag yet)`, 'buildPush', withSecrets({
      context: '.', ...file(plan), target, platforms: platform,
      outputs: `type=image,name=${IMAGE},push-by-digest=true,name-canonical=true,push=true`,
      labels: '${{ steps.meta.outputs.labels }}', ...cache(`${target}-${a}`, true),
    }, secrets), { id: `build-${a}` }),
    f.step(`Scan ${platform} (report for code scanning)`, 'trivy', { 'image-ref': ref, format: 'sarif', output: `trivy-${a}.sarif`, severity: 'CRITICAL,HIGH', 'exit-code': '0' }),
    // Code scanning is off in many private repositories and the upload then fails: a report, never a gate.
    f.step(`Upload the ${platform} scan to code scanning`, 'uploadSarif', { sarif_file: `trivy-${a}.sarif`, category: `trivy-image-${a}` }, { 'continue-on-error': true }),
    gate(f, ref, `Fail on critical vulnerabilities (${platform})`),
  ];
}

function publishJob(plan: Plan, f: StepFactory, secrets: string | null): Record<string, unknown> {
  const tags = ['type=sha', 'type=ref,event=branch', 'type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}'].join('\n');
  const digests = Object.fromEntries(PLATFORMS.map((p) => [`DIGEST_${arch(p).toUpperCase()}`, `\${{ steps.build-${arch(p)}.outputs.digest }}`]));
  const refs = PLATFORMS.map((p) => `"$IMAGE@$DIGEST_${arch(p).toUpperCase()}"`).join(' ');
  return {
    name: 'Publish to GHCR (each platform scanned, then tagged)',
    if: "github.event_name == 'push'",
    needs: 'test',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 60,
    // Only this job writes: packages for the push; security-events and actions: read for the SARIF upload.
    permissions: { contents: 'read', packages: 'write', 'security-events': 'write', actions: 'read' },
    steps: [
      f.step('Check out', 'checkout', CHECKOUT_INPUTS),
      f.step('Set up QEMU (arm64 emulation)', 'qemu', { platforms: 'arm64' }),
      f.step('Set up Docker Buildx', 'buildx'),
      f.step('Log in to GHCR', 'login', { registry: '${{ env.REGISTRY }}', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }),
      f.step('Image tags and labels', 'metadata', { images: '${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}', tags }, { id: 'meta' }),
      { name: 'Image name (lower case)', id: 'image', run: 'echo "name=${REGISTRY}/${IMAGE_NAME,,}" >> "$GITHUB_OUTPUT"' },
      ...PLATFORMS.flatMap((p) => platformSteps(plan, f, secrets, p)),
      {
        // Reached only when every platform passed its gate; the tags then point at exactly the scanned digests.
        name: 'Tag the scanned digests (multi-arch)',
        env: { IMAGE, ...digests },
        run: [
          'mapfile -t tags < <(jq -r \'.tags[] | "--tag=" + .\' <<<"$DOCKER_METADATA_OUTPUT_JSON")',
          `docker buildx imagetools create "\${tags[@]}" ${refs}`,
        ].join('\n'),
      },
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
    `Pushes to main and v* tags: each platform (${PLATFORMS.join(', ')}) is pushed by digest, scanned, and only`,
    'when every scan passes are the tags pointed at exactly those digests.',
    'If your default branch is not main, change on.push.branches.',
  ];
  if (secrets !== null) {
    const names = [...secrets.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]).join(', ');
    header.push(`Private registries: store the credentials file as repository secret(s) ${names}; builds get them as BuildKit secrets.`);
  }
  return { path: '.github/workflows/docker.yml', kind: 'workflow', contents: toYamlText(workflow, header, { trailing: f.comments }) };
}
