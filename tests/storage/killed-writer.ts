/**
 * Child process for the crash-resume test: records a session with the file store, autosaves twice,
 * then dies by SIGKILL in the middle of the run (no clean-shutdown marker, no exit handlers).
 */
import { fileSessionStore } from '../../twin-engine/node/session-store';
import { fakeSnapshot, fakeEvents } from './fixtures';

const root = process.argv[2];
const store = fileSessionStore(root);
const id = await store.begin({ title: 'Medical ward 7B (simulated)', sourceFile: 'wards/default.yaml', host: 'electron' });
await store.autosave(id, { snapshot: fakeSnapshot(60), newEvents: fakeEvents(0, 60), modules: [{ kind: 'builtin', id: 'shock-index' }] });
await store.autosave(id, { snapshot: fakeSnapshot(120), newEvents: fakeEvents(60, 120) });
// A torn append, as if the process died while writing the next batch of events.
const { appendFile } = await import('node:fs/promises');
await appendFile(`${root}/sessions/${id}/events.jsonl`, '{"type":"note","simTi');
process.stdout.write(`${id}\n`);
process.kill(process.pid, 'SIGKILL');
