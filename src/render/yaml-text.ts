/**
 * YAML text for the JSON-shaped values compose and workflow files are built from (objects,
 * arrays, strings, finite numbers, booleans, null). It exists for start-up time: the `yaml`
 * library was a sixth of a run (bench/), and these files need only a small, fixed subset of YAML.
 * It is not a parser, and parsing stays with the library (pnpm-workspace.yaml, application.yml).
 *
 * Safety is one rule: a string is written plain only when it matches a narrow pattern that every
 * YAML 1.1 and 1.2 reader takes as that same string; anything else is double-quoted with JSON
 * escapes (valid YAML), so no value can end a line, start a key or become a comment. Multi-line
 * text becomes a literal block only when the block holds it exactly. test/render/yaml-text.test.ts
 * checks that the yaml library parses every output back to its input, under both YAML versions.
 */
export interface YamlTextStyle {
  /** Comments written after particular string values (`uses: …@<sha> # v7.0.0`). */
  readonly trailing?: ReadonlyMap<string, string>;
  /** Keys whose sequences read better on one line (`test: [CMD, …]`). */
  readonly flowKeys?: readonly string[];
  /** Keys whose sequence items are always double-quoted (`"8080:8080"` never reads as a YAML 1.1 base-60 number). */
  readonly quotedKeys?: readonly string[];
}

/**
 * Scalars a YAML 1.2 or 1.1 reader takes for something other than a string: booleans, null,
 * numbers in any base or notation (1.1 reads `e0` and `._` as floats, `12:30` as base 60),
 * dates. Matching more than needed only adds quotes. A lone `.` (a float to YAML 1.1) stays plain:
 * it is how every compose file writes `context: .`, and the tools reading these files follow 1.2.
 */
const NUMBER_LIKE = [
  '^(?:true|false|null|~)$',
  '^(?![-+]?\\.?$)[-+]?(?:\\d[\\d_]*)?(?:\\.[\\d_]*)?(?:e[-+]?\\d+)?$',
  '^[-+]?\\.(?:inf|nan)$',
  '^[-+]?0(?:x[\\da-f_]+|o[0-7_]+|b[01_]+)$',
  '^[-+]?\\d[\\d_]*(?::[0-5]?\\d)+(?:\\.[\\d_]*)?$',
  '^\\d{4}-\\d\\d?-\\d\\d?',
];

/**
 * Matched against lower-cased text, which makes it case-insensitive: plain scalars are ASCII
 * (printablePlain), and one pattern without the `i` flag compiles in half the time of the two
 * case-insensitive ones it replaced, a cost every run pays once (bench/).
 */
const LOWER_NUMBER_LIKE = new RegExp(NUMBER_LIKE.join('|'));

/** YAML 1.1's boolean words: values that are one get quoted; keys stay plain (see inlineKey). */
const YAML11_WORDS = new Set(['y', 'yes', 'n', 'no', 'on', 'off']);

/** What a plain scalar may start with; `-` too, before a non-space. */
const PLAIN_FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./$(=+~^';
const FLOW_UNSAFE = /[,[\]{}]/;

/**
 * Printable ASCII only, and no indicator at the start. A loop, not a regular expression: a run
 * writes ~200 scalars once each, and compiling patterns cost more than the checks (bench/).
 */
function printablePlain(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  const first = text.charAt(0);
  return first === '-' ? text.length > 1 && text.charAt(1) !== ' ' : PLAIN_FIRST.includes(first);
}

/**
 * Whether NUMBER_LIKE (or the 1.1 words) could match at all: each of its patterns starts with a
 * sign, a dot, a digit, `e` or `~`, or is a word of at most five letters. Most scalars are not,
 * and skip the pattern.
 */
function mayReadAsNonString(text: string): boolean {
  return text.length <= 5 || '+-.0123456789eE~'.includes(text.charAt(0));
}

/** Whether a reader could take the text for something other than a string (`key`: see YAML11_WORDS). */
function nonString(text: string, key: boolean): boolean {
  if (!mayReadAsNonString(text)) return false;
  const lower = text.toLowerCase();
  return LOWER_NUMBER_LIKE.test(lower) || (!key && YAML11_WORDS.has(lower));
}

function plainOk(text: string, flow: boolean, key: boolean): boolean {
  if (!printablePlain(text) || nonString(text, key)) return false;
  if (text !== text.trim() || text.endsWith(':') || text.includes(': ') || text.includes(' #')) return false;
  // At the start of a line (a top-level key), these would end or start a document.
  if ((text.startsWith('---') || text.startsWith('...')) && (text.length === 3 || text.charAt(3) === ' ')) return false;
  return !(flow && FLOW_UNSAFE.test(text));
}

/**
 * Double-quoted, with JSON's escapes (all valid in YAML), plus escapes for what JSON leaves raw but
 * YAML 1.1 reads as a line break (NEL, LS, PS) or strips (a BOM), and other C1 controls.
 */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A string as a scalar on one line: plain when unambiguous, else double-quoted. */
function inline(text: string, flow = false, quote = false): string {
  return !quote && plainOk(text, flow, false) ? text : quoted(text);
}

/**
 * Keys read as YAML 1.2 does, like the tools that read these files: the workflow's `on:` stays
 * `on:` (GitHub's own spelling), where a YAML 1.1 reader would see the boolean true.
 */
function inlineKey(text: string): string {
  return plainOk(text, false, true) ? text : quoted(text);
}

/**
 * `|-` block for multi-line text a literal block keeps exactly: printable ASCII lines, none blank
 * or ending in a space, no final newline, no leading space or `#`. Else null, and it is quoted.
 */
function literalBlock(text: string, indent: string): string | null {
  if (!text.includes('\n') || text.endsWith('\n') || /^[\s#]/.test(text) || /[^\n\x20-\x7e]/.test(text)) return null;
  const lines = text.split('\n');
  if (lines.some((line) => line.trim() === '' || line !== line.trimEnd())) return null;
  return `|-\n${lines.map((line) => `${indent}${line}`).join('\n')}`;
}

function scalar(value: unknown, context: string | null, flow: boolean, quote: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`YAML value is not a finite number at ${context ?? 'the top'}`);
    return String(value);
  }
  if (typeof value === 'string') return inline(value, flow, quote);
  throw new Error(`YAML value of type ${typeof value} at ${context ?? 'the top'}`);
}

/** `key: text`, or the text alone where no key precedes it. */
const after = (prefix: string, text: string): string => (prefix === '' ? text : `${prefix} ${text}`);

const isCollection = (value: unknown): value is object => typeof value === 'object' && value !== null;

class Writer {
  private readonly lines: string[] = [];

  constructor(private readonly style: YamlTextStyle) {}

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private comment(value: unknown): string {
    const note = typeof value === 'string' ? this.style.trailing?.get(value) : undefined;
    if (note === undefined) return '';
    if (/[\r\n]/.test(note)) throw new Error('a YAML comment cannot span lines');
    return ` # ${note}`;
  }

  /** `prefix` starts the first line (`key:` or `- `); nested lines are indented by `indent`. */
  value(value: unknown, prefix: string, indent: string, key: string | null): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.lines.push(after(prefix, '[]'));
      else if (key !== null && this.style.flowKeys?.includes(key) === true && value.every((item) => !isCollection(item))) {
        this.lines.push(after(prefix, `[${value.map((item) => scalar(item, key, true, false)).join(', ')}]`));
      } else {
        const quote = key !== null && this.style.quotedKeys?.includes(key) === true;
        if (prefix !== '') this.lines.push(prefix);
        // Index loops here: for…of allocates an iterator result per step until V8 optimizes, and
        // a run writes each document once.
        for (let i = 0; i < value.length; i++) this.item(value[i], indent, key, quote);
      }
      return;
    }
    if (isCollection(value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) {
        this.lines.push(after(prefix, '{}'));
        return;
      }
      if (prefix !== '') this.lines.push(prefix);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        this.value((value as Record<string, unknown>)[k], `${indent}${inlineKey(k)}:`, `${indent}  `, k);
      }
      return;
    }
    const block = typeof value === 'string' ? literalBlock(value, indent) : null;
    this.lines.push(`${prefix} ${block ?? scalar(value, key, false, false)}${block === null ? this.comment(value) : ''}`);
  }

  /** A sequence item: a collection starts on the `- ` line and continues two columns in. */
  private item(item: unknown, indent: string, key: string | null, quote: boolean): void {
    const dash = `${indent}- `;
    if (isCollection(item) && (Array.isArray(item) ? item.length : Object.keys(item).length) > 0) {
      const start = this.lines.length;
      // A nested sequence gets no key: flow and quoting styles belong to the key's own items.
      this.value(item, '', `${indent}  `, Array.isArray(item) ? null : key);
      this.lines[start] = `${dash}${(this.lines[start] ?? '').slice(indent.length + 2)}`;
      return;
    }
    if (typeof item === 'string' && !quote) {
      const block = literalBlock(item, `${indent}  `);
      if (block !== null) {
        this.lines.push(`${dash}${block}`);
        return;
      }
    }
    const text = isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, key, false, quote && typeof item === 'string');
    this.lines.push(`${dash}${text}${this.comment(item)}`);
  }
}

/**
 * The document: header comment lines (an empty string is a blank line), a blank line, then the
 * value, which must be an object.
 */
export function yamlText(value: object, header: readonly string[], style: YamlTextStyle = {}): string {
  const writer = new Writer(style);
  writer.value(value, '', '', null);
  const comments = header.map((line) => {
    if (/[\r\n]/.test(line)) throw new Error('a YAML comment cannot span lines');
    return line === '' ? '' : `# ${line}`;
  });
  return `${comments.length > 0 ? `${comments.join('\n')}\n\n` : ''}${writer.text()}`;
}
