/**
 * Splits a simple command line (`node --enable-source-maps dist/main.js`) into exec-form words.
 * Returns null for anything a shell would interpret (operators, expansions, redirections,
 * newlines): such a command cannot become exec form safely, and guessing would run something else.
 */
export function splitCommand(line: string): string[] | null {
  if (/[\r\n\0]/.test(line)) return null;
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (const ch of line.trim()) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (quote === '"' && (ch === '$' || ch === '`' || ch === '\\')) return null;
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (/[;&|<>$`\\(){}*?~!#]/.test(ch)) {
      return null;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== null) return null;
  if (inWord) words.push(word);
  return words;
}

/** Leading `NAME=value` assignments (`NODE_ENV=production node server.js`), split off the command. */
export function splitEnvPrefix(words: readonly string[]): { env: Record<string, string>; command: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words[i] ?? '');
    if (match === null) break;
    env[match[1] as string] = match[2] as string;
  }
  return { env, command: words.slice(i) };
}
