/**
 * The autosave / crash-resume storage core with its file and browser (localStorage) adapters: a session
 * killed mid-run — autosave written, no clean-shutdown marker — is offered back at the next start with
 * its data intact; a cleanly closed one is not.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileBackend, fileSessionStore } from '../../twin-engine/node/session-store';
import { localStorageBackend, memoryBackend, memoryLocks, parseEventLog, SessionLockedError, SessionStore, type SessionStoreOptions, type StorageLike } from '../../twin-engine/storage/session-store';
import { fakeEvents, fakeSnapshot } from './fixtures';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wardtwin-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A minimal DOM Storage over a Map (what localStorage offers). */
function fakeStorage(): StorageLike {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i: number) => [...m.keys()][i] ?? null,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    removeItem: (k: string) => void m.delete(k),
  };
}

// Backend semantics on each backend; a second store over the same backend is the "next start" (the
// writer's own sessions are running, not interrupted, so it never offers them itself). Writer locks
// have their own tests below.
describe.each([
  ['memory', () => memoryBackend(new Map())],
  ['files', () => fileBackend(tmp())],
  ['localStorage', () => localStorageBackend(fakeStorage())],
] as const)('session store (%s)', (_name, backendOf) => {
  // A wall clock that ticks one second per reading, so "newest" is well defined.
  let tick = 0;
  let backend = backendOf();
  const opts = () => ({ now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)).toISOString() });
  const make = () => {
    backend = backendOf();
    return new SessionStore(backend, opts());
  };
  const nextStart = () => new SessionStore(backend, opts());
  it('lists a session replaced by another ward as ended and reopenable, newest first, with its time', async () => {
    const store = make();
    const first = await store.begin({ title: 'Long ward run', sourceFile: 'wards/default.yaml', host: 'worker' });
    await store.autosave(first, { snapshot: fakeSnapshot(9000), newEvents: fakeEvents(0, 30) });
    // A new ward: the first record ends cleanly (autosave.ts onWardLoaded), a second one begins.
    await store.markClean(first);
    const second = await store.begin({ title: 'COPD', sourceFile: 'copd-exacerbation.yaml', host: 'worker' });
    await store.autosave(second, { snapshot: fakeSnapshot(5), newEvents: [] });
    const list = await store.recent();
    expect(list.map((m) => [m.title, m.ended, m.running])).toEqual([
      ['COPD', false, true],
      ['Long ward run', true, false],
    ]);
    expect(list[1].simTimeS).toBe(9000);
    // Reopenable: the replaced session loads with its snapshot and events.
    const saved = await store.load(first);
    expect(saved.snapshot.simTimeS).toBe(9000);
    expect(saved.events.length).toBeGreaterThan(0);
  });

  it('offers a session that was never closed cleanly, with snapshot and events intact', async () => {
    const store = make();
    const id = await store.begin({ title: 'Ward', sourceFile: 'wards/default.yaml', host: 'worker' });
    expect(await nextStart().resumable()).toEqual([]); // nothing to resume before the first autosave
    await store.autosave(id, { snapshot: fakeSnapshot(30), newEvents: fakeEvents(0, 30), modules: [{ kind: 'builtin', id: 'shock-index' }] });
    await store.autosave(id, { snapshot: fakeSnapshot(50), newEvents: fakeEvents(30, 50), ui: { role: 'instructor' } });
    expect(await store.resumable()).toEqual([]); // its own writer: running
    const offered = await nextStart().resumable();
    expect(offered.map((m) => m.id)).toEqual([id]);
    expect(offered[0]).toMatchObject({ simTimeS: 50, events: 5, modules: [{ kind: 'builtin', id: 'shock-index' }], ui: { role: 'instructor' } });
    expect(offered[0].provenance).toContain('SIMULATION — NOT FOR CLINICAL USE');
    const saved = await store.load(id);
    expect(saved.snapshot).toEqual(fakeSnapshot(50));
    expect(saved.events).toEqual(fakeEvents(0, 50));
    await store.markClean(id);
    expect(await nextStart().resumable()).toEqual([]);
  });

  it('drops logged events newer than the snapshot (the restored engine emits them again)', async () => {
    const store = make();
    const id = await store.begin({ title: 'Ward', sourceFile: 'x.yaml', host: 'worker' });
    await store.autosave(id, { snapshot: fakeSnapshot(20), newEvents: fakeEvents(0, 40) });
    expect((await store.load(id)).events.map((e) => e.simTimeS)).toEqual([0, 10, 20]);
  });

  it('keeps preferences and prunes old clean sessions only', async () => {
    const store = make();
    await store.writePref('lab-ack', { acknowledged: true });
    expect(await store.readPref('lab-ack')).toEqual({ acknowledged: true });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await store.begin({ title: `s${i}`, sourceFile: 'x', host: 'worker' });
      await store.autosave(id, { snapshot: fakeSnapshot(i), newEvents: [] });
      if (i < 3) await store.markClean(id);
      ids.push(id);
    }
    await store.prune(1);
    expect((await store.ids()).sort()).toEqual([ids[2], ids[3]].sort());
    expect((await nextStart().resumable()).map((m) => m.id)).toEqual([ids[3]]);
  });

  it('rejects keys that would escape the store', async () => {
    const store = make();
    await expect(store.load('../etc')).rejects.toThrow(/Invalid session id/);
    await expect(store.writePref('../x', 1)).rejects.toThrow(/Invalid preference name/);
  });
});

describe('crash resume on files', () => {
  it('a process killed mid-run (SIGKILL after autosaves, torn event append) is offered back at next start with its data intact', () => {
    const root = tmp();
    const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'killed-writer.ts'), root], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal).toBe('SIGKILL');
    const id = child.stdout.trim();
    // The killed writer's lock file is left behind; it names a dead process, so it does not hold the session.
    expect(readdirSync(join(root, 'sessions', id)).sort()).toEqual(['events.jsonl', 'meta.json', 'snapshot.json', 'writer.lock']);
    return (async () => {
      // "Next start": a fresh store over the same folder.
      const store = fileSessionStore(root);
      const offered = await store.resumable();
      expect(offered.map((m) => m.id)).toEqual([id]);
      expect(offered[0]).toMatchObject({ title: 'Medical ward 7B (simulated)', simTimeS: 120, events: 12, modules: [{ kind: 'builtin', id: 'shock-index' }] });
      const saved = await store.load(id);
      expect(saved.snapshot).toEqual(fakeSnapshot(120));
      expect(saved.events).toEqual(fakeEvents(0, 120)); // the torn last line is skipped, nothing else lost
      await store.markClean(id);
      expect(await fileSessionStore(root).resumable()).toEqual([]);
    })();
  });

  it('parses an event log with a torn last line', () => {
    expect(parseEventLog('{"type":"note","simTimeS":1,"bedId":null,"text":"a"}\n{"type":"no')).toHaveLength(1);
  });
});

describe('torn writes are detected and reported', () => {
  it('a zero-filled meta.json does not hide an intact session: it is rebuilt from the snapshot, and says so', async () => {
    const map = new Map<string, string>();
    const store = new SessionStore(memoryBackend(map), { now: () => '2026-01-01T00:00:00Z', newId: () => 'torn' });
    const id = await store.begin({ title: 'Ward', sourceFile: 'wards/default.yaml', host: 'test' });
    await store.autosave(id, { snapshot: fakeSnapshot(120), newEvents: fakeEvents(0, 30) });
    map.set('sessions/torn/meta.json', '\0'.repeat(300));
    const offered = await new SessionStore(memoryBackend(map)).resumable();
    expect(offered.map((m) => m.id)).toEqual(['torn']);
    expect(offered[0].recovered).toBe('meta.json was unreadable (torn or zero-filled write); rebuilt from the snapshot at T+120 s (modules to re-attach are not known)');
    const saved = await store.load('torn');
    expect(saved.snapshot.simTimeS).toBe(120);
    expect(saved.recovered).toEqual([offered[0].recovered]);
  });

  it('a zero-filled snapshot.json is reported as such, with what is still intact', async () => {
    const map = new Map<string, string>();
    const store = new SessionStore(memoryBackend(map), { now: () => '2026-01-01T00:00:00Z', newId: () => 'snap' });
    const id = await store.begin({ title: 'Ward', sourceFile: 'wards/default.yaml', host: 'test' });
    await store.autosave(id, { snapshot: fakeSnapshot(120), newEvents: fakeEvents(0, 30) });
    map.set('sessions/snap/snapshot.json', '\0'.repeat(4096));
    await expect(store.load(id)).rejects.toThrow(
      "Session 'snap' cannot be resumed: its snapshot.json is unreadable (torn or zero-filled write). Its event log is intact in the store (3 event(s)).",
    );
  });

  it('corrupt event lines are skipped and counted, with their line numbers', async () => {
    const map = new Map<string, string>();
    const store = new SessionStore(memoryBackend(map), { now: () => '2026-01-01T00:00:00Z', newId: () => 'ev' });
    const id = await store.begin({ title: 'Ward', sourceFile: 'wards/default.yaml', host: 'test' });
    await store.autosave(id, { snapshot: fakeSnapshot(120), newEvents: fakeEvents(0, 30) });
    const lines = (map.get('sessions/ev/events.jsonl') as string).split('\n');
    lines.splice(1, 0, '{"type":"note","simTi', '\0\0\0\0');
    map.set('sessions/ev/events.jsonl', lines.join('\n'));
    const saved = await store.load(id);
    expect(saved.events).toHaveLength(3);
    expect(saved.recovered).toEqual(['events.jsonl: 2 unreadable line(s) skipped (line 2, 3); 3 event(s) kept']);
    expect((await store.load(id)).recovered).toHaveLength(1);
  });
});

describe('one writer per session', () => {
  it('a session running in another tab is not offered as interrupted, cannot be written or discarded there, and is offered once that tab dies', async () => {
    const map = new Map<string, string>();
    const registry = new Map<string, object>();
    const tab1Locks = memoryLocks(registry);
    const tab1 = new SessionStore(memoryBackend(map), { locks: tab1Locks, newId: () => 'run1' });
    const tab2 = new SessionStore(memoryBackend(map), { locks: memoryLocks(registry), newId: () => 'run2' });
    const id = await tab1.begin({ title: 'Ward', sourceFile: 'wards/default.yaml', host: 'worker' });
    await tab1.autosave(id, { snapshot: fakeSnapshot(30), newEvents: fakeEvents(0, 30) });
    expect(await tab2.resumable()).toEqual([]);
    await expect(tab2.autosave(id, { snapshot: fakeSnapshot(40), newEvents: fakeEvents(30, 40) })).rejects.toThrow(
      new SessionLockedError("Session 'run1' is being recorded by another window or process; this one does not write to it (two writers would interleave its event log)"),
    );
    await expect(tab2.markClean(id)).rejects.toThrow(SessionLockedError);
    expect((await tab1.load(id)).events).toEqual(fakeEvents(0, 30)); // nothing from the refused writer
    // Tab 1 crashes: its lock goes with it, and the session is now interrupted.
    tab1Locks.drop();
    expect((await tab2.resumable()).map((m) => m.id)).toEqual(['run1']);
    expect(await tab2.claim(id)).toBe(true);
    // A third tab finds it claimed by the tab resuming it.
    const tab3 = new SessionStore(memoryBackend(map), { locks: memoryLocks(registry) });
    expect(await tab3.claim(id)).toBe(false);
    expect(await tab3.resumable()).toEqual([]);
  });

  it('files: a session a live process records is held by its lock file; killing that process releases it', async () => {
    const root = tmp();
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'live-writer.ts'), root], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const id = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) ok(out.trim());
        });
        child.on('exit', (code) => fail(new Error(`writer exited early (${code})`)));
      });
      const store = fileSessionStore(root);
      expect(await store.resumable()).toEqual([]);
      await expect(store.autosave(id, { snapshot: fakeSnapshot(90), newEvents: fakeEvents(60, 90) })).rejects.toThrow(
        new RegExp(`^Session '${id}' is being recorded by process ${child.pid} on .+ \\(since .+\\); this one does not write to it`),
      );
      child.kill('SIGKILL');
      await new Promise((ok) => child.once('exit', ok));
      const offered = await store.resumable();
      expect(offered.map((m) => [m.id, m.simTimeS])).toEqual([[id, 60]]);
      expect(await store.claim(id)).toBe(true);
      expect(await fileSessionStore(root).claim(id)).toBe(false); // another store (app instance) in a live process
      expect((await store.load(id)).events).toEqual(fakeEvents(0, 60));
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
