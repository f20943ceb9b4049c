import { Document, isScalar, isSeq, Scalar, visit } from 'yaml';
import { refuse } from '../safe.js';

/**
 * The one place compose and workflow objects become text. The `yaml` library quotes every scalar
 * that needs it, so a value can never end a line and start a new key; comments are attached to
 * nodes, never spliced into the text.
 */
export interface YamlStyle {
  /** Release comments after `uses:` refs (`@<sha> # v7.0.0`). */
  readonly trailing?: ReadonlyMap<string, string>;
  /** Keys whose sequences read better on one line (`test: [CMD, …]`). */
  readonly flowKeys?: readonly string[];
  /** Keys whose sequence items are always double-quoted (`"8080:8080"` never reads as a YAML 1.1 base-60 number). */
  readonly quotedKeys?: readonly string[];
}

export function toYamlText(value: unknown, header: readonly string[], style: YamlStyle = {}): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  const trailing = style.trailing ?? new Map<string, string>();
  visit(doc, {
    Pair(_key, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!isSeq(pair.value)) return;
      if (style.flowKeys?.includes(key) === true) pair.value.flow = true;
      if (style.quotedKeys?.includes(key) === true) {
        for (const item of pair.value.items) if (isScalar(item)) item.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  if (trailing.size > 0) {
    visit(doc, {
      Scalar(_key, node) {
        if (isScalar(node) && typeof node.value === 'string' && trailing.has(node.value)) node.comment = ` ${trailing.get(node.value)}`;
      },
    });
  }
  doc.commentBefore = header.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
  return doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false });
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
