import type { Stack } from '../types.js';

/** Identity helper so each stack's facts type is inferred once and checked everywhere. */
export function defineStack<F>(stack: Stack<F>): Stack<F> {
  return stack;
}
