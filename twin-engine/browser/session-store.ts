/**
 * Browser adapters for the session store (twin-engine/storage/): IndexedDB (snapshots of a large ward
 * run to megabytes, beyond what localStorage reliably holds), localStorage as a fallback, and memory
 * when the page may store nothing (private windows, storage disabled). In Electron the renderer's
 * IndexedDB lives in the user's data folder, so the same code serves both hosts.
 */
import { checkKey, localStorageBackend, memoryBackend, SessionStore, type SessionLocks, type SessionStoreOptions, type StorageBackend } from '../storage/session-store';

export { localStorageBackend };

const STORE = 'kv';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export async function indexedDbBackend(dbName = 'wardtwin'): Promise<StorageBackend> {
  const open = indexedDB.open(dbName, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  const db: IDBDatabase = await request(open);
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    async read(key) {
      const v = await request(tx('readonly').get(checkKey(key)));
      return typeof v === 'string' ? v : null;
    },
    async write(key, text) {
      await request(tx('readwrite').put(text, checkKey(key)));
    },
    async append(key, text) {
      // Read and write in one transaction so two appends cannot interleave.
      const store = tx('readwrite');
      const old = await request(store.get(checkKey(key)));
      await request(store.put((typeof old === 'string' ? old : '') + text, key));
    },
    async remove(key) {
      await request(tx('readwrite').delete(checkKey(key)));
    },
    async list(prefix) {
      const keys: IDBValidKey[] = await request(tx('readonly').getAllKeys());
      return keys.map(String).filter((k) => k.startsWith(prefix)).sort();
    },
  };
}

/** The part of the Web Locks API (navigator.locks) the store uses. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | undefined): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

/**
 * Writer locks with the Web Locks API: a tab holds its session's lock while it records it; the browser
 * drops the lock when the tab closes or crashes. So a session locked now is running in another tab
 * (not interrupted), and an interrupted one can be resumed by one tab only.
 */
export function webLocks(locks: LockManagerLike, prefix = 'wardtwin-session:'): SessionLocks {
  const releases = new Map<string, () => void>();
  return {
    acquire(id) {
      if (releases.has(id)) return Promise.resolve(true);
      return new Promise<boolean>((resolve, reject) => {
        locks
          .request(prefix + id, { ifAvailable: true }, (lock) => {
            if (!lock) {
              resolve(false);
              return undefined;
            }
            resolve(true);
            return new Promise<void>((release) => releases.set(id, release));
          })
          .catch(reject);
      });
    },
    async release(id) {
      releases.get(id)?.();
      releases.delete(id);
    },
    async held() {
      const q = await locks.query();
      const out = new Set<string>();
      for (const l of q.held ?? []) if (l.name?.startsWith(prefix)) out.add(l.name.slice(prefix.length));
      return out;
    },
    describe: async () => 'another window',
  };
}

/** The page's Web Locks, if it has them (all current browsers and Electron). */
function pageLocks(): SessionLocks | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ? webLocks(nav.locks) : undefined;
}

/** The best storage this page has: IndexedDB, else localStorage, else memory (says which). */
export async function browserSessionStore(options?: SessionStoreOptions & { dbName?: string }): Promise<{ store: SessionStore; kind: 'indexeddb' | 'localstorage' | 'memory' }> {
  const opts = { locks: pageLocks(), ...options };
  try {
    if (typeof indexedDB !== 'undefined') return { store: new SessionStore(await indexedDbBackend(opts?.dbName), opts), kind: 'indexeddb' };
  } catch {
    // fall through
  }
  try {
    if (typeof localStorage !== 'undefined') {
      localStorage.setItem('wardtwin:probe', '1');
      localStorage.removeItem('wardtwin:probe');
      return { store: new SessionStore(localStorageBackend(localStorage), opts), kind: 'localstorage' };
    }
  } catch {
    // fall through
  }
  return { store: new SessionStore(memoryBackend(), opts), kind: 'memory' };
}
