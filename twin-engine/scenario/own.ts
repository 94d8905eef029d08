/**
 * Lookups keyed by text from a user's file. A plain `record[key]` also finds the members every object
 * inherits (`toString`, `constructor`, `__proto__`…), so a file with a key or unit of that name reached
 * a function where a definition was expected. Every such lookup goes through `own`.
 */
export function own<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
