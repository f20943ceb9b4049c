import { defineStack } from '../define.js';

/** Placeholder until the Go stack lands: detects nothing, so the registry order stays fixed. */
export const go = defineStack<Record<string, never>>({
  id: 'go',
  label: 'Go',
  bases: ['slim'],
  startHint: '',
  async detect() {
    return null;
  },
  plan() {
    throw new Error('Go is not supported yet');
  },
});
