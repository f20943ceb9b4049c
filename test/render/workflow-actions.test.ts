import { describe, expect, it } from 'vitest';
import { ACTIONS, uses, type ActionPin } from '../../src/render/workflow-actions.js';

/** The pin table: every entry must be usable as an immutable ref and say which release it is. */
describe('the action pin table', () => {
  it.for(Object.entries(ACTIONS) as [string, ActionPin][])('%s is a full commit SHA with its release', ([key, action]) => {
    expect(action.sha, key).toMatch(/^[0-9a-f]{40}$/);
    expect(action.release, key).toMatch(/^v\d+\.\d+\.\d+$/);
    // The moving tag (for --no-pin-actions) is the release's own major line, or the release itself.
    expect(action.release === action.tag || action.release.startsWith(`${action.tag}.`), `${key}: ${action.tag} covers ${action.release}`).toBe(true);
    expect(action.name, key).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w.-]+)*$/);
    expect(uses(key as keyof typeof ACTIONS, true)).toEqual({ ref: `${action.name}@${action.sha}`, comment: action.release });
    expect(uses(key as keyof typeof ACTIONS, false)).toEqual({ ref: `${action.name}@${action.tag}`, comment: null });
  });

  it('has one entry per action and no SHA twice', () => {
    const values = Object.values(ACTIONS) as ActionPin[];
    expect(new Set(values.map((a) => a.name)).size).toBe(values.length);
    expect(new Set(values.map((a) => a.sha)).size).toBe(values.length);
  });
});
