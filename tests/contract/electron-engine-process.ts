/**
 * The Electron engine process as electron/engine/index.ts starts it (serveEngineProcess over
 * process.parentPort), run in the stand-in utility process with the repository's scenario folders.
 */
import { serveEngineProcess, type ParentPortLike } from '../../electron/engine/serve';
import { fsLibrary } from '../../twin-engine/node/library-fs';

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) throw new Error('must run in a utility process (process.parentPort)');
serveEngineProcess(port, fsLibrary());
