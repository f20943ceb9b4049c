/** A plain JSON/YAML object (not null, not an array): what parsed config files are checked against before reading a key. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
