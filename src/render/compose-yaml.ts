import { Document, isPair, isScalar, Scalar, Schema, visit } from 'yaml';
import { refuse } from '../safe.js';

/** How a compose or workflow document is laid out beyond what the `yaml` library decides alone. */
export interface YamlStyle {
  /** Comments written after particular string values (`uses: …@<sha> # v7.0.0`). */
  readonly trailing?: ReadonlyMap<string, string>;
  /** Keys whose sequences of scalars read better on one line (`test: [CMD, …]`). */
  readonly flowKeys?: readonly string[];
  /** Keys whose sequence items are always double-quoted (`"8080:8080"` never reads as a YAML 1.1 base-60 number). */
  readonly quotedKeys?: readonly string[];
  /** Key paths (`services.app.ports`) whose sequences replace the base file's when compose merges overlays (`!override`). */
  readonly overridePaths?: readonly string[];
}

/**
 * Whether a plain scalar would not read back as the text: a byte-order mark is dropped by readers,
 * and a YAML 1.1 reader takes `yes`, `08` or `12:30` for something other than a string. The
 * library already quotes what a YAML 1.2 reader would misread, and these files are read under both. A key may be a 1.1 boolean word, as YAML 1.2 reads it, like the tools reading
 * these files do: the workflow's `on:` is GitHub's own spelling. A lone `.` (a float to YAML 1.1)
 * stays plain too: it is how every compose file writes `context: .`.
 */
function plainMisread(text: string, isKey: boolean): boolean {
  if (text.includes('\ufeff')) return true;
  if (text === '.' || text.includes('\n')) return false;
  return YAML11_TAGS.some((tag) => tag.default === true && tag.tag !== STR && !(isKey && tag.tag === BOOL) && tag.test?.test(text) === true);
}

const YAML11_TAGS = new Schema({ schema: 'yaml-1.1' }).tags;
const STR = 'tag:yaml.org,2002:str';
const BOOL = 'tag:yaml.org,2002:bool';

const keyOf = (parent: unknown): string | null => (isPair(parent) && isScalar(parent.key) && typeof parent.key.value === 'string' ? parent.key.value : null);

/**
 * The one place compose and workflow objects become text: the library quotes every scalar that
 * needs it, so a value can never end a line and start a new key; comments come only from the
 * header and the style, never from values.
 */
export function toYamlText(value: object, header: readonly string[], style: YamlStyle = {}): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Seq(_, seq, path) {
      const key = keyOf(path.at(-1));
      if (key === null) return;
      if (style.flowKeys?.includes(key) === true && seq.items.length > 0 && seq.items.every(isScalar)) seq.flow = true;
      if (style.overridePaths?.includes(path.map(keyOf).filter((k) => k !== null).join('.')) === true) seq.tag = '!override';
      if (style.quotedKeys?.includes(key) === true) for (const item of seq.items) if (isScalar(item) && typeof item.value === 'string') item.type = Scalar.QUOTE_DOUBLE;
    },
    Scalar(key, scalar) {
      if (typeof scalar.value !== 'string') return;
      if (scalar.type === undefined && plainMisread(scalar.value, key === 'key')) scalar.type = Scalar.QUOTE_DOUBLE;
      if (key === 'key') return;
      const note = style.trailing?.get(scalar.value);
      if (note !== undefined) {
        if (/[\r\n]/.test(note)) throw new Error('a YAML comment cannot span lines');
        scalar.comment = ` ${note}`;
      }
    },
  });
  const comments = header.map((line) => {
    if (/[\r\n]/.test(line)) throw new Error('a YAML comment cannot span lines');
    return line === '' ? '' : `# ${line}`;
  });
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: false, doubleQuotedAsJSON: true, blockQuote: 'literal' });
  return `${comments.length > 0 ? `${comments.join('\n')}\n\n` : ''}${text}`;
}

/** A value for compose that came from the repo or the plan: `$` would start an interpolation. */
export function composeLiteral(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/** A value for a workflow that came from the repo or the plan: `${{` would start an expression. */
export function workflowLiteral(value: string, what: string): string {
  if (value.includes('${{') || /[\r\n]/.test(value)) throw refuse(what, value, 'it would become a GitHub Actions expression or a new line');
  return value;
}
