import { yamlText, type YamlTextStyle } from './yaml-text.js';
import { refuse } from '../safe.js';

/**
 * The one place compose and workflow objects become text (src/render/yaml-text.ts quotes every
 * scalar that needs it, so a value can never end a line and start a new key; comments are only
 * ever written from the style, never from values).
 */
export type YamlStyle = YamlTextStyle;

export function toYamlText(value: object, header: readonly string[], style: YamlStyle = {}): string {
  return yamlText(value, header, style);
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
