/// <reference types="vite/client" />
/** Entry of the engine utility process (built by electron-vite as out/main/engine.js). */
import { libraryFromFiles } from '../../twin-engine/core/library';
import { serveEngineProcess, type ParentPortLike } from './serve';

const raw = import.meta.glob('../../scenarios/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const files: Record<string, string> = {};
for (const [path, text] of Object.entries(raw)) files[path.replace(/^(\.\.\/)+scenarios\//, '')] = text;

const port = (process as unknown as { parentPort: ParentPortLike }).parentPort;
serveEngineProcess(port, libraryFromFiles(files));
