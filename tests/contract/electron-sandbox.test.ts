/**
 * Module sandboxes in the Electron host: every JS module runs in a utility process that the MAIN
 * process starts on the engine's request (a packaged app cannot fork itself as Node), with the heap
 * cap and the empty environment of the Node host, and the runner inside answers over
 * process.parentPort. The stand-in fork (fake-electron.ts) is a real Node child with parentPort and
 * without Node's IPC, so a runner that used process.send would never answer here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxBroker, MAX_SANDBOXES } from '../../electron/main/sandbox-launcher';
import { SANDBOX_TAG, type SandboxEvent } from '../../electron/shared/sandbox-relay';
import type { SandboxExit, SandboxLauncher, SandboxProcess } from '../../twin-engine/modules-host/sandbox-launcher';
import { utilityForks } from './fake-electron';
import { electronHarness, type ElectronHarness } from './hosts';

const ROOT = resolve(import.meta.dirname, '../..');

function parentPid(pid: number): number | null {
  try {
    return Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Electron module sandboxes (utility processes started by main)', () => {
  let h: ElectronHarness;
  beforeAll(() => {
    utilityForks.length = 0;
    h = electronHarness();
  });
  afterAll(async () => {
    await h.dispose();
  });

  it('starts the module in its own utility process from main, with the heap cap and no inherited environment; findings come back through main', async () => {
    const ward = await h.session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const info = await h.session.attachModule({ kind: 'builtin', id: 'shock-index' });
    expect(info).toMatchObject({ moduleId: 'shock-index', status: 'running' });
    const engine = utilityForks.find((f) => f.options.serviceName === 'WardTwin engine');
    const sandboxes = utilityForks.filter((f) => f.options.serviceName?.startsWith('WardTwin module sandbox'));
    expect(engine).toBeDefined();
    expect(sandboxes).toHaveLength(1);
    const s = sandboxes[0];
    expect(s.modulePath).toBe(join(ROOT, 'twin-engine/node/module-worker.ts'));
    expect(s.options).toEqual({
      env: { WARDTWIN_SANDBOX_RUNTIME: 'js' },
      execArgv: ['--max-old-space-size=96', '--max-semi-space-size=8'],
      stdio: 'pipe',
      serviceName: 'WardTwin module sandbox (js)',
    });
    // Main (this test process) is the sandbox's parent, not the engine process.
    if (process.platform === 'linux') {
      expect(parentPid(s.pid!)).toBe(process.pid);
      expect(parentPid(engine!.pid!)).toBe(process.pid);
    }
    // Engine → main → sandbox and back: the shock index fires on a bleeding bed.
    const bedId = ward.beds[2].bedId;
    const findings: unknown[] = [];
    const sub = h.session.events().subscribe((e) => e.type === 'finding' && findings.push(e));
    await h.session.injectCondition(bedId, { kind: 'hemorrhage', severity: 1, params: { rateMlPerMin: 250 } });
    await h.session.step(15 * 60);
    sub.unsubscribe();
    expect(findings[0]).toMatchObject({ type: 'finding', bedId, finding: { moduleId: 'shock-index', label: 'shock', bedId } });
    await h.session.detachModule('shock-index');
  }, 90_000);

  it('tells an out-of-memory abort apart from a crash from the exit code and V8\'s stderr text', async () => {
    await h.session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    await h.session.attachModule({ kind: 'file', path: join(ROOT, 'tests/modules/hostile/memory-bomb') });
    await h.session.step(40);
    const m = (await h.session.status()).modules.find((x) => x.moduleId === 'hostile-memory-bomb');
    expect(m?.status).toBe('quarantined');
    expect(m?.statusReason).toMatch(/exceeded its memory cap: sandbox process heap over 96 MB/);
  }, 90_000);

  it('ends every sandbox process when the host is disposed', async () => {
    const pids = utilityForks.map((f) => f.pid!).filter((p) => alive(p));
    expect(pids.length).toBeGreaterThan(1);
    await h.dispose();
    await expect.poll(() => pids.filter(alive), { timeout: 10_000 }).toEqual([]);
    h = electronHarness(); // afterAll disposes a fresh one
  }, 30_000);
});

describe('SandboxBroker (main) refuses what the engine may not ask for', () => {
  function setup() {
    const launched: unknown[] = [];
    const events: SandboxEvent[] = [];
    const launcher: SandboxLauncher = {
      kind: 'test',
      launch(opts): SandboxProcess {
        launched.push(opts);
        const exit: ((e: SandboxExit) => void)[] = [];
        return { pid: 1, post: () => {}, onMessage: () => {}, onExit: (x) => void exit.push(x), kill: () => exit.forEach((x) => x({ code: 0, signal: null, stderrTail: '' })), keepAlive: () => {} };
      },
    };
    const logs: string[] = [];
    const broker = new SandboxBroker(launcher, (e) => events.push(e), (l) => logs.push(l));
    return { broker, launched, events, logs };
  }
  const launch = (id: number, l: unknown) => ({ tag: SANDBOX_TAG, op: 'launch', id, launch: l });

  it('starts only js/onnx/pyodide runners with bounded memory, and says why it refused', () => {
    const { broker, launched, events } = setup();
    expect(broker.handle({ type: 'cmd' })).toBe(false); // session traffic passes through
    expect(broker.handle(launch(1, { runtime: 'js', memoryMb: 96, semiSpaceMb: 8 }))).toBe(true);
    broker.handle(launch(2, { runtime: 'python', memoryMb: 96, semiSpaceMb: 8 }));
    broker.handle(launch(3, { runtime: 'js', memoryMb: 1e9, semiSpaceMb: 8 }));
    broker.handle(launch(4, { runtime: 'js', memoryMb: 96.5, semiSpaceMb: 8 }));
    expect(launched).toEqual([{ runtime: 'js', memoryMb: 96, semiSpaceMb: 8 }]);
    expect(events.map((e) => [e.id, e.op === 'exit' ? e.exit.error : null])).toEqual([
      [2, 'refused sandbox launch {"runtime":"python","memoryMb":96,"semiSpaceMb":8}: runtime must be js, onnx or pyodide, memory 1–16384 MB'],
      [3, 'refused sandbox launch {"runtime":"js","memoryMb":1000000000,"semiSpaceMb":8}: runtime must be js, onnx or pyodide, memory 1–16384 MB'],
      [4, 'refused sandbox launch {"runtime":"js","memoryMb":96.5,"semiSpaceMb":8}: runtime must be js, onnx or pyodide, memory 1–16384 MB'],
    ]);
  });

  it(`starts at most ${MAX_SANDBOXES} at once and never twice under one id`, () => {
    const { broker, launched, events, logs } = setup();
    for (let i = 1; i <= MAX_SANDBOXES + 1; i++) broker.handle(launch(i, { runtime: 'js', memoryMb: 96, semiSpaceMb: 8 }));
    expect(launched).toHaveLength(MAX_SANDBOXES);
    expect(events.at(-1)).toMatchObject({ id: MAX_SANDBOXES + 1, op: 'exit', exit: { error: `too many sandbox processes (at most ${MAX_SANDBOXES})` } });
    broker.handle(launch(1, { runtime: 'js', memoryMb: 96, semiSpaceMb: 8 }));
    expect(launched).toHaveLength(MAX_SANDBOXES);
    expect(logs.at(-1)).toBe('rejected: sandbox 1 already exists');
    broker.dispose();
    expect(broker.size).toBe(0);
  });
});
