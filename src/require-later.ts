import { createRequire } from 'node:module';

/**
 * A require() for modules resolved from `from` (a file path or URL), made on its first call:
 * createRequire works out the node_modules search path (~0.1 ms), and most runs never call it.
 * It offers require() alone, not require.resolve and the like.
 */
export function requireLater(from: string): (id: string) => unknown {
  let made: NodeJS.Require | undefined;
  return (id) => (made ??= createRequire(from))(id);
}
