import { describe, expect, it } from 'vitest';
import { assertSingleLine } from '../../src/safe.js';

/** The last line of defence before templates: no value may span lines, wherever it sits. */
describe('assertSingleLine', () => {
  it('passes data whose strings are all one line', () => {
    expect(() => assertSingleLine({ a: 'x', b: ['y', { c: 'z', n: 3, t: true, none: null }] })).not.toThrow();
  });

  it.each([
    [{ image: { env: { X: 'ok', Y: 'a\nRUN curl x | sh' } } }, /a value in plan\.image\.env\.Y/],
    [{ steps: ['ok', 'ok', 'a\rb'] }, /a value in plan\.steps\[2\]/],
    [[{ a: ['x', { b: 'one\ntwo' }] }], /a value in plan\[0\]\.a\[1\]\.b/],
    ['top\nlevel', /a value in plan:?/],
  ])('refuses a value that spans lines and names where it is (%#)', (data, where) => {
    expect(() => assertSingleLine(data)).toThrow(where);
    expect(() => assertSingleLine(data)).toThrow(/spans several lines/);
  });

  it('names the part of the plan it was given', () => {
    expect(() => assertSingleLine({ user: 'node\nroot' }, 'plan.image')).toThrow(/a value in plan\.image\.user/);
  });
});
