import { defineStack } from '../define.js';

/** Placeholder until the Java stack lands: detects nothing, so the registry order stays fixed. */
export const java = defineStack<Record<string, never>>({
  id: 'java',
  label: 'Java',
  bases: ['slim'],
  startHint: '',
  async detect() {
    return null;
  },
  plan() {
    throw new Error('Java is not supported yet');
  },
});
