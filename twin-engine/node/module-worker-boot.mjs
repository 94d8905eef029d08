// Entry of a module sandbox worker thread: loads the TypeScript worker through tsx (as bin/wardtwin.mjs
// does) before anything else runs. The module's own code never runs through tsx: see module-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./module-worker.ts');
