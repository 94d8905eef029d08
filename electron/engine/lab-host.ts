/**
 * The engine process's side of a lab hosted by the Electron app: the same LabServer as `wardtwin lab
 * serve`, over this process's session and its RoleAuthority (the one the app's windows connect through),
 * started and stopped on the main process's request (electron/shared/lab-control.ts).
 */
import { LabServer } from '../../twin-engine/node/lab-server';
import { LabRoster } from '../../twin-engine/session/lab';
import type { CopyFactory, RoleAuthority } from '../../twin-engine/session/roles';
import { isLabEnvelope, LAB_TAG, type LabReply, type LabRequest, type LabStarted } from '../shared/lab-control';

export function labHost(authority: RoleAuthority, makeCopy: CopyFactory, toMain: (r: LabReply) => void): { handle(m: unknown): boolean; stop(): Promise<void> } {
  let server: LabServer | null = null;
  let busy: Promise<unknown> = Promise.resolve();

  const start = async (opts: LabRequest & { op: 'start' }): Promise<LabStarted> => {
    if (server) throw new Error(`A lab is already running at ${server.url}: stop it first`);
    const o = opts.opts ?? {};
    const port = o.port ?? 5180;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The lab's port must be a whole number from 0 to 65535; got ${String(o.port)}`);
    const lab = new LabRoster();
    authority.lab = lab;
    authority.copyFactory = makeCopy;
    authority.copyEveryStudent = o.copies === true;
    try {
      server = await LabServer.start({ engine: authority.engine, authority, port, host: typeof o.host === 'string' ? o.host : '0.0.0.0' });
    } catch (err) {
      authority.lab = null;
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(code === 'EADDRINUSE' ? `port ${port} is in use: choose another` : `cannot start the lab: ${(err as Error).message}`);
    }
    return { url: server.url, code: lab.code, instructorKey: lab.instructorKey };
  };

  const stop = async (reason = 'The instructor ended the lab session'): Promise<void> => {
    const s = server;
    server = null;
    if (!s) return;
    await s.close(reason);
    await authority.disposeCopies();
    authority.lab = null;
    authority.copyEveryStudent = false;
  };

  return {
    handle(m) {
      if (!isLabEnvelope(m)) return false;
      const req = m as LabRequest;
      // One request at a time: a stop never races the start before it.
      busy = busy.then(async () => {
        try {
          const value = req.op === 'start' ? await start(req) : req.op === 'stop' ? (await stop(req.reason), null) : Promise.reject(new Error(`unknown lab request '${String((req as { op?: unknown }).op)}'`));
          toMain({ tag: LAB_TAG, op: 'reply', id: req.id, ok: true, value: value as LabStarted | null });
        } catch (err) {
          toMain({ tag: LAB_TAG, op: 'reply', id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
        }
      });
      return true;
    },
    stop: () => stop(),
  };
}
