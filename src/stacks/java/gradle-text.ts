/**
 * Reading Gradle build scripts (Groovy and Kotlin DSL) without running them: comments are
 * stripped with a small tokenizer (so `//` inside a URL string survives), blocks are found by
 * brace matching, and only literal string values are taken. Anything computed is "unknown".
 */

/** The script with comments removed; string literals are kept verbatim. */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < source.length && !source.startsWith(quote, j)) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + quote.length);
      i = j + quote.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Contents between the `{` that ends `header` and its matching `}`; strings are skipped while counting. */
function blockAt(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      i = end === -1 ? source.length : end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return source.slice(open + 1, i);
  }
  return source.slice(open + 1);
}

/** Every block whose header matches (e.g. `bootJar {`, `tasks.named<BootJar>("bootJar") {`). */
export function blocks(source: string, header: RegExp): string[] {
  const found: string[] = [];
  const re = new RegExp(`(?:^|[\\s;.(])(?:${header.source})\\s*\\{`, 'gm');
  for (const match of source.matchAll(re)) found.push(blockAt(source, (match.index ?? 0) + match[0].length - 1));
  return found;
}

/** The source with every block matching `header` removed (e.g. drop `plugins { }` before reading `version`). */
export function withoutBlocks(source: string, header: RegExp): string {
  let out = source;
  for (const body of blocks(source, header)) out = out.replace(body, '');
  return out;
}

const STRING = String.raw`(?:"([^"\n]*)"|'([^'\n]*)')`;

/**
 * A literal assigned to `key`: `key = "v"`, `key.set("v")`, `key "v"`, `key("v")`, `key = 'v'`.
 * Returns `dynamic` when the key is assigned something that is not a plain literal.
 */
export function assigned(source: string, key: string): { value: string } | 'dynamic' | null {
  const keyRe = key.replace(/\./g, '\\.');
  const literal = new RegExp(String.raw`(?:^|[\s;{(.])${keyRe}\s*(?:=\s*|\.set\(\s*|\(\s*|\s+)${STRING}`, 'm');
  const m = literal.exec(source);
  if (m !== null) {
    const value = m[1] ?? m[2] ?? '';
    return value.includes('$') ? 'dynamic' : { value };
  }
  const any = new RegExp(String.raw`(?:^|[\s;{(.])${keyRe}\s*(?:=|\.set\()`, 'm');
  return any.test(source) ? 'dynamic' : null;
}

export function literal(source: string, key: string): string | null {
  const found = assigned(source, key);
  return found === null || found === 'dynamic' ? null : found.value;
}

/** All string literals in the source (Groovy and Kotlin quoting). */
export function stringLiterals(source: string): string[] {
  return [...source.matchAll(new RegExp(STRING, 'g'))].map((m) => m[1] ?? m[2] ?? '');
}
