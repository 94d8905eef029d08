/**
 * Module sandbox processes for Node and the CLI: `child_process.fork` of the sandbox runner
 * (module-worker.ts, loaded through tsx by module-worker-boot.mjs) with its heap caps, no inherited
 * environment, its own stdout/stderr, and a structured-clone IPC channel.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SANDBOX_RUNTIME_ENV, sandboxExecArgv, tailKeeper, type SandboxExit, type SandboxLauncher, type SandboxProcess } from '../modules-host/sandbox-launcher';
import type { WorkerToHost } from '../modules-host/sandbox';

const BOOT = fileURLToPath(new URL('./module-worker-boot.mjs', import.meta.url));
const STDERR_TAIL = 4000;

export function childProcessLauncher(entry: string = BOOT): SandboxLauncher {
  return {
    kind: 'child process',
    launch(opts): SandboxProcess {
      const w = fork(entry, [], {
        execArgv: sandboxExecArgv(opts),
        // Structured clone over the channel (typed arrays, as with worker messages).
        serialization: 'advanced',
        // No inherited environment. TZ fixed: a Python module's time.localtime() must not depend on the machine's zone.
        env: opts.runtime === 'pyodide' ? { [SANDBOX_RUNTIME_ENV]: opts.runtime, TZ: 'UTC' } : { [SANDBOX_RUNTIME_ENV]: opts.runtime },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      const stderr = tailKeeper(STDERR_TAIL);
      w.stdout!.resume();
      w.stderr!.setEncoding('utf8');
      w.stderr!.on('data', (s: string) => stderr.add(s));
      const exitHandlers: ((e: SandboxExit) => void)[] = [];
      let ended = false;
      const end = (e: SandboxExit) => {
        if (ended) return;
        ended = true;
        for (const h of exitHandlers) h(e);
      };
      w.on('error', (err: Error) => end({ code: null, signal: null, stderrTail: stderr.text(), error: err.message }));
      w.on('exit', (code, signal) => {
        // stderr may still be draining when 'exit' fires: wait for its end before reporting.
        const report = () => end({ code, signal, stderrTail: stderr.text() });
        if (w.stderr!.readableEnded) report();
        else w.stderr!.once('close', report);
      });
      return {
        get pid() {
          return w.pid;
        },
        post: (msg) => {
          if (!ended && w.connected) w.send(msg);
        },
        onMessage: (h) => void w.on('message', (m) => h(m as WorkerToHost)),
        onExit: (h) => void exitHandlers.push(h),
        kill: () => {
          if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
        },
        keepAlive: (on) => {
          if (on) {
            w.ref();
            w.channel?.ref();
          } else {
            w.unref();
            w.channel?.unref();
          }
        },
      };
    },
  };
}
