/**
 * Child process for the two-writers test: records a session with the file store and stays alive (a
 * running app instance) until killed.
 */
import { fileSessionStore } from '../../twin-engine/node/session-store';
import { fakeEvents, fakeSnapshot } from './fixtures';

const root = process.argv[2];
const store = fileSessionStore(root);
const id = await store.begin({ title: 'Running ward', sourceFile: 'wards/default.yaml', host: 'electron' });
await store.autosave(id, { snapshot: fakeSnapshot(60), newEvents: fakeEvents(0, 60) });
process.stdout.write(`${id}\n`);
setInterval(() => {}, 1000);
