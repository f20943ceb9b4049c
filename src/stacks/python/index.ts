import { defineStack } from '../define.js';

/** Placeholder until the Python stack lands: detects nothing, so the registry order stays fixed. */
export const python = defineStack<Record<string, never>>({
  id: 'python',
  label: 'Python',
  bases: ['slim'],
  startHint: '',
  async detect() {
    return null;
  },
  plan() {
    throw new Error('Python is not supported yet');
  },
});
