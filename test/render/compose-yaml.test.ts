import fc from 'fast-check';
import { isNode, parse, parseDocument, visit } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYamlText } from '../../src/render/compose-yaml.js';

/**
 * How compose and workflow files are written (the yaml library with our style) against its
 * parser: whatever goes in comes back, as YAML 1.2 and as YAML 1.1 (older compose tooling), with
 * comments only where the style puts them.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Pieces that trip YAML writers: indicators, comment and key markers, quotes, escapes, line breaks, YAML 1.1 words. */
const TRICKY = [
  ': ', ' #', '#', '- ', '-', '? ', ':', ',', '[', ']', '{', '}', '&a', '*a', '!tag', '|', '>', "'", '"', '\\', '%', '@', '`',
  '\n', '\r\n', '\t', ' ', '\u0085', '\u2028', '\ufeff', '\u0000', '\u001b[31m', '${{ secrets.X }}', '${VAR:-1}',
  'yes', 'No', 'on', 'OFF', 'y', '~', 'null', 'Null', 'true', 'TRUE', '0x1F', '0X1f', '0o17', '1e3', '1E3', '.inf', '-.NaN', '1_000', '12:30:45', '2001-12-14',
  '3000:3000', '007', '+1', '.5', '---', '...', 'é', '日本', '😀',
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 4 })), { maxLength: 5 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const keysOf = (value: Json, out: string[] = []): string[] => {
  if (Array.isArray(value)) for (const item of value) keysOf(item, out);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(k), keysOf(v, out);
  return out;
};

/** YAML 1.1 reads these keys as booleans; the writer keeps keys plain by YAML 1.2 (`on:` in workflows). */
const YAML11_BOOLEAN = /^(?:y|yes|n|no|on|off)$/i;
/** Dots alone are a float to YAML 1.1; the writer keeps them plain (`context: .`). */
const DOTS = /^[-+]?\.+$/;
const stringsOf = (value: Json): string[] => (JSON.stringify(value).match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((s) => JSON.parse(s) as string);

describe('toYamlText', () => {
  it('writes what the yaml library reads back unchanged, as YAML 1.2 and 1.1', () => {
    fc.assert(
      fc.property(fc.dictionary(text, json, { maxKeys: 5 }), fc.array(text, { maxLength: 3 }), fc.array(text, { maxLength: 2 }), (value, flowKeys, quotedKeys) => {
        const out = toYamlText(value, [], { flowKeys, quotedKeys });
        expect(parse(out, { uniqueKeys: false })).toEqual(value);
        if (!keysOf(value).some((k) => YAML11_BOOLEAN.test(k)) && !stringsOf(value).some((s) => DOTS.test(s))) {
          expect(parse(out, { version: '1.1', uniqueKeys: false })).toEqual(value);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });

  it('writes comments only from the header and the trailing map', () => {
    const line = fc.string({ maxLength: 10 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(fc.dictionary(text, json, { maxKeys: 4 }), fc.array(line, { maxLength: 3 }), line, (value, header, note) => {
        const strings = keysOf(value).length > 0 ? JSON.stringify(value).match(/"(?:[^"\\]|\\.)*"/g) ?? [] : [];
        const marked = strings.length > 0 ? (JSON.parse(strings[0] as string) as string) : null;
        const trailing = new Map(marked === null ? [] : [[marked, note]]);
        const doc = parseDocument(toYamlText(value, header, { trailing }));
        expect(doc.errors).toEqual([]);
        expect(doc.toJS()).toEqual(value);
        const found: string[] = [];
        visit(doc, (_key, node) => {
          if (isNode(node)) for (const c of [node.comment, node.commentBefore]) if (c !== undefined && c !== null) found.push(c.trim());
        });
        if (doc.comment !== undefined && doc.comment !== null) found.push(doc.comment.trim());
        // Every comment in the body is a trailing note: nothing a key or value held became one.
        for (const c of found) expect(c).toBe(note.trim());
        const headerLines = (doc.commentBefore ?? '').split('\n').filter((l) => l.trim() !== '');
        expect(headerLines.map((l) => l.trim())).toEqual(header.map((h) => h.trim()).filter((h) => h !== ''));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });

  it('matches the layout of the files users already have', () => {
    const out = toYamlText(
      {
        on: { push: { branches: ['main'] }, pull_request: {} },
        services: { app: { ports: ['${APP_PORT:-3000}:3000'], healthcheck: { test: ['CMD', 'node', '-e', "fetch('x').then(a, b)"] }, environment: { PORT: '3000' } } },
        steps: [{ uses: 'actions/checkout@0123abc', with: { tags: 'type=sha\ntype=ref,event=branch' } }],
      },
      ['Generated by create-dockerfile', '', 'second paragraph'],
      { flowKeys: ['test'], quotedKeys: ['ports'], trailing: new Map([['actions/checkout@0123abc', 'v4.2.2']]) },
    );
    expect(out).toBe(
      [
        '# Generated by create-dockerfile',
        '',
        '# second paragraph',
        '',
        'on:',
        '  push:',
        '    branches:',
        '      - main',
        '  pull_request: {}',
        'services:',
        '  app:',
        '    ports:',
        '      - "${APP_PORT:-3000}:3000"',
        '    healthcheck:',
        `      test: [CMD, node, -e, "fetch('x').then(a, b)"]`,
        '    environment:',
        '      PORT: "3000"',
        'steps:',
        '  - uses: actions/checkout@0123abc # v4.2.2',
        '    with:',
        '      tags: |-',
        '        type=sha',
        '        type=ref,event=branch',
        '',
      ].join('\n'),
    );
  });

  it('cannot be made to start a key, a comment or a document with a value', () => {
    const hostile = { name: 'x\nUSER: root', cmd: 'a # not a comment', doc: '---\nevil: 1', key: 'k: v', tag: '!!python/object x' };
    const out = toYamlText({ hostile, 'evil: key\nx': 1 }, []);
    expect(parse(out)).toEqual({ hostile, 'evil: key\nx': 1 });
    expect(out.split('\n').filter((line) => /^\S/.test(line))).toEqual(['hostile:', '"evil: key\\nx": 1']);
  });

  it('refuses comments that span lines', () => {
    expect(() => toYamlText({}, ['a\nb'])).toThrow(/span lines/);
    expect(() => toYamlText({ a: 'v' }, [], { trailing: new Map([['v', 'x\nkey: 1']]) })).toThrow(/span lines/);
  });
});
