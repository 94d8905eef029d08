/**
 * Autosaved sessions, crash resume, and small preferences: the storage logic shared by every host.
 * Plain TypeScript over a tiny key/value backend, so the same rules run on files (Node, Electron main:
 * twin-engine/node/session-store.ts), in IndexedDB or localStorage (browser host and Electron's
 * renderer: twin-engine/browser/session-store.ts) and in memory (tests).
 *
 * Layout (keys, '/'-separated):
 *   sessions/<id>/meta.json      what the session is, last autosave time     (replaced atomically)
 *   sessions/<id>/snapshot.json  the last session.snapshot()                 (replaced atomically)
 *   sessions/<id>/events.jsonl   every session event, appended as it is saved (torn lines skipped, reported)
 *   sessions/<id>/clean.json     the clean-shutdown marker; its absence means the run was killed
 *   sessions/<id>/writer.lock    (files only) the live process writing it (SessionLocks; browsers use Web Locks)
 *   prefs/<name>.json            small settings (lab-session acknowledgement, recent files, …)
 *
 * A session without clean.json but with a snapshot is offered back at the next start — unless a live
 * writer still holds it (SessionLocks: another window or process is running it right now). Events newer than
 * the snapshot are dropped on resume: the restored engine emits them again as it runs on, and keeping
 * both would double them on the debrief timeline.
 */
import type { SessionEvent, SessionSnapshot } from '../session/api';
import { SIMULATION_NOTICE } from '../session/api';

export interface StorageBackend {
  read(key: string): Promise<string | null>;
  /** Replace the value as a whole: a reader sees the old text or the new one, never a mix. */
  write(key: string, text: string): Promise<void>;
  /** Append text at the end (creating the key). */
  append(key: string, text: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Keys that start with prefix. */
  list(prefix: string): Promise<string[]>;
}

export const AUTOSAVE_FORMAT = 'wardtwin-autosave';
export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;

export interface SessionMeta {
  format: typeof AUTOSAVE_FORMAT;
  version: 1;
  provenance: string;
  id: string;
  title: string;
  sourceFile: string;
  host: string;
  createdWall: string;
  updatedWall: string;
  simTimeS: number;
  events: number;
  /** Modules attached when last saved (version-2 snapshots carry them and their state themselves; kept for version 1). */
  modules: unknown[];
  /** Free data the UI keeps with a session (role, selected bed …). */
  ui?: Record<string, unknown>;
  /** Set when meta.json was unreadable (torn or zero-filled write) and was rebuilt from the snapshot. */
  recovered?: string;
}

export interface AutosaveInput {
  snapshot: SessionSnapshot;
  /** Events since the previous autosave of this session (appended). */
  newEvents: readonly SessionEvent[];
  modules?: unknown[];
  ui?: Record<string, unknown>;
}

export interface SavedSession {
  meta: SessionMeta;
  snapshot: SessionSnapshot;
  events: SessionEvent[];
  /** What was damaged and what was recovered, for the user (empty when everything was intact). */
  recovered: string[];
}

export interface SessionStoreOptions {
  /** Wall clock as ISO text (injected so tests are deterministic). */
  now?: () => string;
  /** Id generator (default: time + random). */
  newId?: () => string;
  /**
   * One writer per session: the platform's locks (browser: Web Locks, released when a tab closes or
   * crashes; Node: a lock file naming a live process). Without them every unclean session is offered.
   */
  locks?: SessionLocks;
}

/**
 * Per-session writer locks. A lock is held by a live writer (a tab, a process) and vanishes when that
 * writer dies, which is what tells "interrupted" from "running in another window".
 */
export interface SessionLocks {
  /** Take the session's lock for this writer; false when another live writer holds it. */
  acquire(id: string): Promise<boolean>;
  release(id: string): Promise<void>;
  /** Session ids whose lock some live writer holds (this one included). */
  held(): Promise<Set<string>>;
  /** Who holds it, for messages ("process 1234", "another window"). */
  describe?(id: string): Promise<string>;
}

/** Thrown when a second writer would write a session another live writer holds. */
export class SessionLockedError extends Error {}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function defaultSessionId(nowMs: number, rnd: number): string {
  return `s${nowMs.toString(36)}-${Math.floor(rnd * 1e9).toString(36)}`;
}

export class SessionStore {
  private readonly now: () => string;
  private readonly newId: () => string;
  private readonly locks: SessionLocks | null;
  /** Sessions this store writes (their lock is ours). */
  private readonly mine = new Set<string>();

  constructor(
    private readonly backend: StorageBackend,
    opts: SessionStoreOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date().toISOString());
    this.newId = opts.newId ?? (() => defaultSessionId(Date.now(), Math.random()));
    this.locks = opts.locks ?? null;
  }

  /**
   * Become the one writer of a session (a new one, or an interrupted one being resumed). False when a
   * live writer elsewhere holds it: that session is running, not interrupted.
   */
  async claim(id: string): Promise<boolean> {
    this.key(id, 'meta.json');
    if (this.mine.has(id)) return true;
    if (this.locks && !(await this.locks.acquire(id))) return false;
    this.mine.add(id);
    return true;
  }

  private async requireWriter(id: string): Promise<void> {
    if (await this.claim(id)) return;
    const who = (await this.locks?.describe?.(id)) ?? 'another window or process';
    throw new SessionLockedError(`Session '${id}' is being recorded by ${who}; this one does not write to it (two writers would interleave its event log)`);
  }

  private key(id: string, file: string): string {
    if (!ID_RE.test(id)) throw new Error(`Invalid session id '${id}'`);
    return `sessions/${id}/${file}`;
  }

  /** Start recording a session; nothing is offered for resume until its first autosave. */
  async begin(info: { title: string; sourceFile: string; host: string }): Promise<string> {
    const id = this.newId();
    await this.requireWriter(id);
    const t = this.now();
    const meta: SessionMeta = {
      format: AUTOSAVE_FORMAT,
      version: 1,
      provenance: PROVENANCE,
      id,
      title: info.title,
      sourceFile: info.sourceFile,
      host: info.host,
      createdWall: t,
      updatedWall: t,
      simTimeS: 0,
      events: 0,
      modules: [],
    };
    await this.backend.write(this.key(id, 'meta.json'), JSON.stringify(meta));
    return id;
  }

  /**
   * One autosave: events first (append-only), then the snapshot, then the metadata. Whatever point a
   * crash interrupts this at, the previous snapshot or the new one is whole, and the event log holds
   * at least every event up to it.
   */
  async autosave(id: string, input: AutosaveInput): Promise<void> {
    await this.requireWriter(id);
    const meta = await this.meta(id);
    if (!meta) throw new Error(`No autosaved session '${id}'`);
    if (input.newEvents.length > 0) {
      await this.backend.append(this.key(id, 'events.jsonl'), input.newEvents.map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
    await this.backend.write(this.key(id, 'snapshot.json'), JSON.stringify(input.snapshot));
    const next: SessionMeta = {
      ...meta,
      updatedWall: this.now(),
      simTimeS: input.snapshot.simTimeS,
      events: meta.events + input.newEvents.length,
      modules: input.modules ?? meta.modules,
      ...(input.ui ? { ui: input.ui } : {}),
    };
    await this.backend.write(this.key(id, 'meta.json'), JSON.stringify(next));
  }

  /** The clean-shutdown marker: this session will not be offered for resume. */
  async markClean(id: string): Promise<void> {
    // Another live writer's session is not ours to close (a second window's "Discard").
    await this.requireWriter(id);
    await this.backend.write(this.key(id, 'clean.json'), JSON.stringify({ cleanWall: this.now() }));
    this.mine.delete(id);
    await this.locks?.release(id);
  }

  async isClean(id: string): Promise<boolean> {
    return (await this.backend.read(this.key(id, 'clean.json'))) !== null;
  }

  async meta(id: string): Promise<SessionMeta | null> {
    const text = await this.backend.read(this.key(id, 'meta.json'));
    if (text === null) return null;
    try {
      const m = JSON.parse(text) as SessionMeta;
      return m.format === AUTOSAVE_FORMAT ? m : null;
    } catch {
      return null;
    }
  }

  async ids(): Promise<string[]> {
    const keys = await this.backend.list('sessions/');
    const ids = new Set<string>();
    for (const k of keys) {
      const id = k.split('/')[1];
      if (id && ID_RE.test(id)) ids.add(id);
    }
    return [...ids];
  }

  /** Sessions that ended without the clean-shutdown marker and have a snapshot: newest first. */
  async resumable(): Promise<SessionMeta[]> {
    const out: SessionMeta[] = [];
    // A session a live writer holds is running (this window's own, or another's): not interrupted.
    const running = (await this.locks?.held()) ?? new Set<string>();
    for (const id of await this.ids()) {
      if (running.has(id) || this.mine.has(id)) continue;
      if (await this.isClean(id)) continue;
      const m = (await this.meta(id)) ?? (await this.rebuiltMeta(id));
      if (!m) continue;
      if ((await this.backend.read(this.key(id, 'snapshot.json'))) === null) continue;
      out.push(m);
    }
    return out.sort((a, b) => (a.updatedWall < b.updatedWall ? 1 : a.updatedWall > b.updatedWall ? -1 : 0));
  }

  /**
   * Every stored session with its metadata, newest first: `ended` ones closed cleanly or were replaced
   * by another ward (kept, the newest few, so a replaced session can be reopened), the others were
   * interrupted; `running` ones are held by a live writer (this window's current one, or another's).
   */
  async recent(): Promise<(SessionMeta & { ended: boolean; running: boolean })[]> {
    const held = (await this.locks?.held()) ?? new Set<string>();
    const out: (SessionMeta & { ended: boolean; running: boolean })[] = [];
    // Which sessions have a snapshot, from the key list (snapshots run to megabytes: not read here).
    const keys = new Set(await this.backend.list('sessions/'));
    for (const id of await this.ids()) {
      if (!keys.has(this.key(id, 'snapshot.json'))) continue;
      const m = await this.meta(id);
      if (!m) continue;
      const ended = await this.isClean(id);
      out.push({ ...m, ended, running: !ended && (held.has(id) || this.mine.has(id)) });
    }
    return out.sort((a, b) => (a.updatedWall < b.updatedWall ? 1 : a.updatedWall > b.updatedWall ? -1 : 0));
  }

  /**
   * A session whose meta.json is unreadable (a torn or zero-filled write) but whose snapshot is whole is
   * not lost: its metadata is rebuilt from the snapshot, and says so.
   */
  private async rebuiltMeta(id: string): Promise<SessionMeta | null> {
    const text = await this.backend.read(this.key(id, 'meta.json'));
    const snap = await this.backend.read(this.key(id, 'snapshot.json'));
    if (snap === null) return null;
    let s: SessionSnapshot;
    try {
      s = JSON.parse(snap) as SessionSnapshot;
    } catch {
      return null;
    }
    if (s?.format !== 'wardtwin-session') return null;
    const src = s.source as { path?: string; fileName?: string };
    const file = src.path ?? src.fileName ?? '';
    const why = text === null ? 'meta.json was missing' : 'meta.json was unreadable (torn or zero-filled write)';
    return {
      format: AUTOSAVE_FORMAT,
      version: 1,
      provenance: PROVENANCE,
      id,
      title: file || id,
      sourceFile: file,
      host: 'unknown',
      createdWall: '',
      updatedWall: '',
      simTimeS: s.simTimeS,
      events: 0,
      modules: [],
      recovered: `${why}; rebuilt from the snapshot at T+${Math.round(s.simTimeS)} s (modules to re-attach are not known)`,
    };
  }

  /** Everything needed to resume: the snapshot and the event log up to it, and what was recovered. */
  async load(id: string): Promise<SavedSession> {
    const meta = (await this.meta(id)) ?? (await this.rebuiltMeta(id));
    const snapText = await this.backend.read(this.key(id, 'snapshot.json'));
    if (!meta || snapText === null) throw new Error(`No autosaved session '${id}'`);
    const log = readEventLog((await this.backend.read(this.key(id, 'events.jsonl'))) ?? '');
    let snapshot: SessionSnapshot;
    try {
      snapshot = JSON.parse(snapText) as SessionSnapshot;
      if (snapshot?.format !== 'wardtwin-session') throw new Error('not a session snapshot');
    } catch {
      // Said, not thrown as a bare JSON error: what is lost, and what is still there.
      throw new Error(`Session '${id}' cannot be resumed: its snapshot.json is unreadable (torn or zero-filled write). Its event log is intact in the store (${log.events.length} event(s)${log.badLines.length ? `, ${log.badLines.length} unreadable line(s)` : ''}).`);
    }
    const events = log.events.filter((e) => e.simTimeS <= snapshot.simTimeS);
    const recovered: string[] = [];
    if (meta.recovered) recovered.push(meta.recovered);
    if (log.badLines.length) recovered.push(`events.jsonl: ${log.badLines.length} unreadable line(s) skipped (line ${log.badLines.slice(0, 5).join(', ')}${log.badLines.length > 5 ? ', …' : ''}); ${log.events.length} event(s) kept`);
    return { meta, snapshot, events, recovered };
  }

  async remove(id: string): Promise<void> {
    for (const f of ['clean.json', 'snapshot.json', 'events.jsonl', 'meta.json']) await this.backend.remove(this.key(id, f));
  }

  /** Keep the newest `keep` clean sessions (resumable ones are never pruned). */
  async prune(keep: number): Promise<void> {
    const clean: SessionMeta[] = [];
    for (const id of await this.ids()) {
      const m = await this.meta(id);
      if (!m) continue;
      if (await this.isClean(id)) clean.push(m);
    }
    clean.sort((a, b) => (a.updatedWall < b.updatedWall ? 1 : -1));
    for (const m of clean.slice(keep)) await this.remove(m.id);
  }

  async readPref<T>(name: string): Promise<T | null> {
    const text = await this.backend.read(`prefs/${prefName(name)}.json`);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  async writePref(name: string, value: unknown): Promise<void> {
    await this.backend.write(`prefs/${prefName(name)}.json`, JSON.stringify(value));
  }
}

function prefName(name: string): string {
  if (!ID_RE.test(name)) throw new Error(`Invalid preference name '${name}'`);
  return name;
}

/** JSON lines; a torn line (killed mid-append) is skipped rather than failing the whole log. */
export function parseEventLog(text: string): SessionEvent[] {
  return readEventLog(text).events;
}

/** The events, and the 1-based numbers of lines that were not events (torn or corrupted writes). */
export function readEventLog(text: string): { events: SessionEvent[]; badLines: number[] } {
  const events: SessionEvent[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    // Zero-filled blocks (a torn write on some file systems) read as NUL characters.
    if (!line.replace(/\0/g, '').trim()) {
      if (line.includes('\0')) badLines.push(i + 1);
      return;
    }
    try {
      const e = JSON.parse(line) as SessionEvent;
      if (e && typeof e === 'object' && typeof e.type === 'string' && typeof e.simTimeS === 'number') events.push(e);
      else badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { events, badLines };
}

/** An in-memory backend (tests, and the fallback when a browser offers no storage). */
export function memoryBackend(map: Map<string, string> = new Map()): StorageBackend {
  return {
    read: async (k) => map.get(k) ?? null,
    write: async (k, t) => void map.set(k, t),
    append: async (k, t) => void map.set(k, (map.get(k) ?? '') + t),
    remove: async (k) => void map.delete(k),
    list: async (p) => [...map.keys()].filter((k) => k.startsWith(p)),
  };
}

/** Keys may contain only safe path segments: adapters map them onto files or store keys unchanged. */
export function checkKey(key: string): string {
  const segs = key.split('/');
  if (segs.length === 0 || segs.some((s) => !/^[A-Za-z0-9_.-]+$/.test(s) || s === '.' || s === '..')) throw new Error(`Invalid storage key '${key}'`);
  return key;
}

/** The part of the DOM's Storage (localStorage) the store needs; declared here to stay DOM-free. */
export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** localStorage-style backend (the browser's fallback when IndexedDB is unavailable; tests). */
export function localStorageBackend(storage: StorageLike, namespace = 'wardtwin:'): StorageBackend {
  return {
    read: async (key) => storage.getItem(namespace + checkKey(key)),
    write: async (key, text) => storage.setItem(namespace + checkKey(key), text),
    append: async (key, text) => storage.setItem(namespace + checkKey(key), (storage.getItem(namespace + key) ?? '') + text),
    remove: async (key) => storage.removeItem(namespace + checkKey(key)),
    list: async (prefix) => {
      const out: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k !== null && k.startsWith(namespace + prefix)) out.push(k.slice(namespace.length));
      }
      return out.sort();
    },
  };
}

/**
 * Locks within one JS realm (tests; the fallback where the platform has none). Each store gets its own
 * handle on a shared registry, like two tabs of one browser; `drop` simulates a writer dying.
 */
export function memoryLocks(registry: Map<string, object> = new Map()): SessionLocks & { drop(): void } {
  const me = {};
  return {
    async acquire(id) {
      const holder = registry.get(id);
      if (holder && holder !== me) return false;
      registry.set(id, me);
      return true;
    },
    async release(id) {
      if (registry.get(id) === me) registry.delete(id);
    },
    async held() {
      return new Set(registry.keys());
    },
    drop() {
      for (const [id, h] of registry) if (h === me) registry.delete(id);
    },
  };
}
