import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FLAGS } from '../src/flags.js';
import { ROOT } from './helpers.js';

/** The README's flag table is the FLAGS table, row for row: the docs cannot drift from the parser. */
it('lists every flag of src/flags.ts, in order, with its description', async () => {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const table = readme.split('<!-- flags:start')[1]?.split('<!-- flags:end')[0] ?? '';
  const rows = table.split('\n').filter((l) => l.startsWith('| `'));
  const expected = FLAGS.map((f) => {
    const name = `${f.short === undefined ? '' : `-${f.short}, `}--${f.name}${f.value === undefined ? '' : ` <${f.value}>`}`;
    return `| \`${name}\` | ${f.description} | ${f.remember ? 'yes' : ''} |`;
  });
  const unescape = (row: string): string => row.replace(/\\\|/g, '|');
  expect(rows.map(unescape)).toEqual(expected);
});
