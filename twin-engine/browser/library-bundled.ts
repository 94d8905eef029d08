/** The scenario library bundled into the browser host / Electron engine at build time by Vite. */
import { libraryFromFiles, type ScenarioLibrary } from '../core/library';

const raw = import.meta.glob('../../scenarios/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const files: Record<string, string> = {};
for (const [path, text] of Object.entries(raw)) files[path.replace(/^(\.\.\/)+scenarios\//, '')] = text;

export const bundledLibrary: ScenarioLibrary = libraryFromFiles(files);
