/**
 * Every action the workflow uses: the commit SHA of a release, written by default with the release
 * as a trailing comment, and the moving tag that `--no-pin-actions` writes instead. Tags can be
 * moved to other code (a trivy-action tag was, in March 2026); a commit cannot. dependabot.yml
 * (written next to the workflow) proposes new SHAs weekly.
 * When bumping, resolve the tag to its commit (`git ls-remote https://github.com/<repo> refs/tags/<tag>^{}`),
 * never trust a SHA copied from one place; test/render/workflow-actions.test.ts checks the shape.
 */
export interface ActionPin {
  /** `uses:` without the ref, e.g. `github/codeql-action/upload-sarif`. */
  readonly name: string;
  /** Moving major tag: receives fixes without edits. */
  readonly tag: string;
  /** Immutable commit and the release it is, written as a trailing comment. */
  readonly sha: string;
  readonly release: string;
}

export const ACTIONS = {
  checkout: { name: 'actions/checkout', tag: 'v7', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', release: 'v7.0.1' },
  qemu: { name: 'docker/setup-qemu-action', tag: 'v4', sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8', release: 'v4.2.0' },
  buildx: { name: 'docker/setup-buildx-action', tag: 'v4', sha: '37fe631027851001ddb9b187196cc803df7f5f0e', release: 'v4.3.0' },
  login: { name: 'docker/login-action', tag: 'v4', sha: 'dbcb813823bdd20940b903addbd779551569679f', release: 'v4.6.0' },
  metadata: { name: 'docker/metadata-action', tag: 'v6', sha: 'dc802804100637a589fabce1cb79ff13a1411302', release: 'v6.2.0' },
  buildPush: { name: 'docker/build-push-action', tag: 'v7', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', release: 'v7.3.0' },
  // trivy-action has no moving major tag, and its old tags were rewritten in the March 2026 compromise:
  // name an exact release (published after the incident) even with --no-pin-actions.
  trivy: { name: 'aquasecurity/trivy-action', tag: 'v0.36.0', sha: 'ed142fd0673e97e23eac54620cfb913e5ce36c25', release: 'v0.36.0' },
  uploadSarif: { name: 'github/codeql-action/upload-sarif', tag: 'v4', sha: 'cdf488f595d80d6e07e03d4674febd5ab45fa938', release: 'v4.37.9' },
} as const satisfies Record<string, ActionPin>;

export type ActionKey = keyof typeof ACTIONS;

/** The `uses:` value; with pinning, also the release to show as a trailing comment. */
export function uses(key: ActionKey, pin: boolean): { ref: string; comment: string | null } {
  const action: ActionPin = ACTIONS[key];
  return pin ? { ref: `${action.name}@${action.sha}`, comment: action.release } : { ref: `${action.name}@${action.tag}`, comment: null };
}
