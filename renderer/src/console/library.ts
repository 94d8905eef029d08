/**
 * The built-in scenario library as the UI lists it: file names and titles, read at build time from
 * scenarios/ (the engine has its own bundled copy; loading goes by path through the session).
 */
const raw = import.meta.glob('../../../scenarios/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LibraryEntry {
  path: string;
  kind: 'ward' | 'scenario' | 'cohort';
  title: string;
}

export const LIBRARY: LibraryEntry[] = Object.entries(raw)
  .map(([p, text]) => {
    const path = p.replace(/^(\.\.\/)+scenarios\//, '');
    const kind = (/^kind:\s*(\w+)/m.exec(text)?.[1] ?? 'scenario') as LibraryEntry['kind'];
    const title = /^title:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? path;
    return { path, kind, title };
  })
  .filter((e) => e.kind === 'ward' || e.kind === 'scenario' || e.kind === 'cohort')
  .sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path) : a.kind === 'ward' ? -1 : b.kind === 'ward' ? 1 : a.kind.localeCompare(b.kind)));
