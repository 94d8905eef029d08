/**
 * The reference modules (modules/*) bundled into the browser host at build time, as text files; the
 * browser's module host compiles them with the engine's one compiler, exactly as the Node host does.
 */

const raw = import.meta.glob('../../modules/*/*.{ts,js,yaml,yml,json}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const builtinModuleFiles: Record<string, Record<string, string>> = {};
for (const [path, text] of Object.entries(raw)) {
  const m = /modules\/([^/]+)\/(.+)$/.exec(path);
  if (!m || m[1] === 'examples' || m[1] === 'tools') continue;
  (builtinModuleFiles[m[1]] ??= {})[m[2]] = text;
}
