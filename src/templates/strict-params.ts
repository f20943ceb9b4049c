import type Handlebars from 'handlebars';

type Node = hbs.AST.Node;
type Path = hbs.AST.PathExpression & { strict?: boolean };

function isPath(node: Node): node is Path {
  return node.type === 'PathExpression';
}

/** Marks a helper argument for a strict lookup: its last part must exist, as for `{{field}}`. */
function strict(node: Node): void {
  if (isPath(node)) {
    // `this`, `@index` and friends are always there.
    if (node.parts.length > 0 && !node.data) node.strict = true;
  } else if (node.type === 'SubExpression') {
    params(node as hbs.AST.SubExpression);
  }
}

function params(node: { params: Node[]; hash?: hbs.AST.Hash }): void {
  for (const param of node.params) strict(param);
  for (const pair of node.hash?.pairs ?? []) strict(pair.value);
}

function walk(program: hbs.AST.Program | undefined): void {
  for (const statement of program?.body ?? []) {
    if (statement.type === 'BlockStatement') {
      const block = statement as hbs.AST.BlockStatement;
      params(block);
      walk(block.program);
      walk(block.inverse);
    } else if (statement.type === 'MustacheStatement') {
      params(statement as hbs.AST.MustacheStatement);
    }
  }
}

/**
 * Strict mode checks `{{field}}` but not the arguments of helpers: `{{#if runtime.healthcheckk}}`
 * is silently false. The plan data has no optional keys (types.ts), so every argument is looked
 * up strictly too and a misspelt field fails like any unknown one.
 */
export function parseStrict(hb: typeof Handlebars, source: string): hbs.AST.Program {
  const program = hb.parse(source);
  walk(program);
  return program;
}
