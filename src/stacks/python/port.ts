import { firstPort } from '../shared.js';

/** Patterns where the port is plain in Python code; the first group is the port. */
const PORT_PATTERNS: readonly RegExp[] = [
  /environ\.get\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
  /getenv\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
  /environ\.get\(\s*['"]PORT['"]\s*\)\s*or\s*['"]?(\d{2,5})/,
  /\bPORT\s*=\s*(?:int\()?\s*['"]?(\d{2,5})\b/,
  /\bport\s*=\s*(\d{2,5})\b/,
  /make_server\(\s*['"][^'"]*['"]\s*,\s*(\d{2,5})\b/,
  /HTTPServer\(\s*\(\s*['"][^'"]*['"]\s*,\s*(\d{2,5})\b/,
];

export function portFromSource(text: string): number | null {
  return firstPort(text, PORT_PATTERNS);
}

/** Code that serves HTTP itself (stdlib servers, aiohttp, waitress, uvicorn.run, app.run). */
const SERVES_HTTP = /\b(?:make_server|HTTPServer|ThreadingHTTPServer|serve_forever|run_app|uvicorn\.run|waitress\.serve|hypercorn|web\.Application|\.run\(\s*(?:host|port|debug)\s*=)/;

export function servesHttp(text: string): boolean {
  return SERVES_HTTP.test(text);
}

/** `--bind 0.0.0.0:5000`, `-b :5000`, `--port 5000`, `runserver 0.0.0.0:5000` in a command. */
export function portFromCommand(words: readonly string[]): number | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const next = words[i + 1];
    let value: string | undefined;
    if ((w === '--bind' || w === '-b') && next !== undefined) value = next.split(':').pop();
    else if (w.startsWith('--bind=')) value = w.split(':').pop();
    else if ((w === '--port' || w === '-p') && next !== undefined) value = next;
    else if (w.startsWith('--port=')) value = w.slice(7);
    else if (/^(?:0\.0\.0\.0|\[::\]|localhost|127\.0\.0\.1)?:\d{2,5}$/.test(w) && words[i - 1] === 'runserver') value = w.split(':').pop();
    const port = Number(value);
    if (value !== undefined && /^\d{2,5}$/.test(value) && port >= 1 && port <= 65535) return port;
  }
  return null;
}

/** Rewrites the port inside a command this stack generated, for a `--port` that differs. */
export function withPort(words: readonly string[], from: number, to: number): string[] {
  if (from === to) return [...words];
  return words.map((w, i) => {
    if (w === `0.0.0.0:${from}`) return `0.0.0.0:${to}`;
    if (w === String(from) && (words[i - 1] === '--port' || words[i - 1] === '-p')) return String(to);
    return w;
  });
}
