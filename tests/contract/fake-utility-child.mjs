// Inside a stand-in utility process (fake-electron.ts, fakeUtilityFork): gives this Node child what
// an Electron utility process has — process.parentPort, whose 'message' events carry { data, ports } —
// and takes away what it has not: Node's IPC (process.send). Then runs the entry (TypeScript via tsx).
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

const send = process.send.bind(process);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send(message);
// As Electron's parentPort does, messages wait in a queue until a 'message' handler is registered.
const queued = [];
process.on('message', (data) => {
  if (queued.length === 0 && parentPort.listenerCount('message') > 0) parentPort.emit('message', { data, ports: [] });
  else queued.push(data);
});
parentPort.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => {
    while (queued.length && parentPort.listenerCount('message') > 0) parentPort.emit('message', { data: queued.shift(), ports: [] });
  });
});
Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: false, writable: false });
process.send = undefined;
// Electron ends a utility process with its parent.
process.on('disconnect', () => process.exit(0));

const [entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...args];
if (entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(pathToFileURL(entry).href);
