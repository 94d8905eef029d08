/**
 * The engine process's SandboxLauncher in Electron: a utility process cannot start another one, so
 * each launch is a request to the main process (electron/main/sandbox-launcher.ts, SandboxBroker),
 * which starts the sandbox's utilityProcess and relays its messages over this process's parent port.
 */
import type { SandboxExit, SandboxLauncher, SandboxProcess } from '../../twin-engine/modules-host/sandbox-launcher';
import type { WorkerToHost } from '../../twin-engine/modules-host/sandbox';
import { isSandboxEnvelope, SANDBOX_TAG, type SandboxEvent, type SandboxRequest } from '../shared/sandbox-relay';

interface Remote {
  pid: number | undefined;
  onMessage: ((m: WorkerToHost) => void)[];
  onExit: ((e: SandboxExit) => void)[];
  ended: boolean;
}

export function sandboxRelay(toMain: (req: SandboxRequest) => void): { launcher: SandboxLauncher; handle(m: unknown): boolean } {
  const remotes = new Map<number, Remote>();
  let nextId = 1;
  const launcher: SandboxLauncher = {
    kind: 'utility process',
    launch(launch): SandboxProcess {
      const id = nextId++;
      const r: Remote = { pid: undefined, onMessage: [], onExit: [], ended: false };
      remotes.set(id, r);
      toMain({ tag: SANDBOX_TAG, op: 'launch', id, launch });
      return {
        get pid() {
          return r.pid;
        },
        post: (msg) => !r.ended && toMain({ tag: SANDBOX_TAG, op: 'post', id, msg }),
        onMessage: (h) => void r.onMessage.push(h),
        onExit: (h) => void r.onExit.push(h),
        kill: () => !r.ended && toMain({ tag: SANDBOX_TAG, op: 'kill', id }),
        keepAlive: (on) => !r.ended && toMain({ tag: SANDBOX_TAG, op: 'keep-alive', id, on }),
      };
    },
  };
  return {
    launcher,
    handle(m) {
      if (!isSandboxEnvelope(m)) return false;
      const ev = m as SandboxEvent;
      const r = remotes.get(ev.id);
      if (!r) return true;
      if (ev.op === 'message') {
        r.pid = ev.pid;
        for (const h of r.onMessage) h(ev.msg as WorkerToHost);
      } else if (ev.op === 'exit') {
        r.ended = true;
        remotes.delete(ev.id);
        for (const h of r.onExit) h(ev.exit);
      }
      return true;
    },
  };
}
