/**
 * Browser adapters for the session store (twin-engine/storage/): IndexedDB (snapshots of a large ward
 * run to megabytes, beyond what localStorage reliably holds), localStorage as a fallback, and memory
 * when the page may store nothing (private windows, storage disabled). In Electron the renderer's
 * IndexedDB lives in the user's data folder, so the same code serves both hosts.
 */
import { checkKey, localStorageBackend, memoryBackend, SessionStore, type SessionStoreOptions, type StorageBackend } from '../storage/session-store';

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

/** The best storage this page has: IndexedDB, else localStorage, else memory (says which). */
export async function browserSessionStore(opts?: SessionStoreOptions & { dbName?: string }): Promise<{ store: SessionStore; kind: 'indexeddb' | 'localstorage' | 'memory' }> {
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
