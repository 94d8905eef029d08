/**
 * Node adapter for the session store (twin-engine/storage/): keys map to files under one folder
 * (Electron: app.getPath('userData')/wardtwin). Whole-value writes go to a temporary file that is
 * renamed over the old one, so a crash mid-write leaves the previous value intact.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { checkKey, SessionStore, type SessionLocks, type SessionStoreOptions, type StorageBackend } from '../storage/session-store';

export function fileBackend(root: string): StorageBackend {
  const pathOf = (key: string) => join(root, ...checkKey(key).split('/'));
  let tmpSeq = 0;
  return {
    async read(key) {
      try {
        return await readFile(pathOf(key), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async write(key, text) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      const tmp = `${p}.${process.pid}.${tmpSeq++}.tmp`;
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, p);
    },
    async append(key, text) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      await appendFile(p, text, 'utf8');
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async list(prefix) {
      const out: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        for (const e of entries) {
          const full = join(dir, e.name);
          if (e.isDirectory()) await walk(full);
          else if (!e.name.endsWith('.tmp')) {
            const key = relative(root, full).split(sep).join('/');
            if (key.startsWith(prefix)) out.push(key);
          }
        }
      };
      await walk(root);
      return out.sort();
    },
  };
}

interface LockFile {
  pid: number;
  host: string;
  token: string;
  sinceWall: string;
}

/**
 * Writer locks as files (sessions/<id>/writer.lock, created exclusively) naming the writing process. A
 * lock whose process is gone (killed, crashed) is stale and taken over; one held by a live process —
 * another app instance, or another store in this process — is not. A lock from another host is
 * treated as live (its process cannot be checked from here).
 */
export function fileSessionLocks(root: string): SessionLocks {
  const token = randomUUID();
  const host = hostname();
  const pathOf = (id: string) => join(root, 'sessions', checkKey(id), 'writer.lock');
  const read = async (id: string): Promise<LockFile | null> => {
    try {
      const l = JSON.parse(await readFile(pathOf(id), 'utf8')) as LockFile;
      return typeof l?.pid === 'number' && typeof l.token === 'string' ? l : null;
    } catch {
      return null; // missing, or torn/zero-filled: no live writer can be named by it
    }
  };
  const alive = (l: LockFile): boolean => {
    if (l.token === token) return true;
    if (l.host !== host) return true;
    try {
      process.kill(l.pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  return {
    async acquire(id) {
      const p = pathOf(id);
      await mkdir(dirname(p), { recursive: true });
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await writeFile(p, JSON.stringify({ pid: process.pid, host, token, sinceWall: new Date().toISOString() } satisfies LockFile), { flag: 'wx' });
          return true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const cur = await read(id);
        if (cur && cur.token === token) return true;
        if (cur && alive(cur)) return false;
        await rm(p, { force: true }); // stale: its writer is gone
      }
      return false;
    },
    async release(id) {
      if ((await read(id))?.token === token) await rm(pathOf(id), { force: true });
    },
    async held() {
      const out = new Set<string>();
      let ids: string[] = [];
      try {
        ids = await readdir(join(root, 'sessions'));
      } catch {
        return out;
      }
      for (const id of ids) {
        const l = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await read(id) : null;
        if (l && alive(l)) out.add(id);
      }
      return out;
    },
    async describe(id) {
      const l = await read(id);
      return l ? `process ${l.pid} on ${l.host} (since ${l.sinceWall})` : 'another process';
    },
  };
}

/** A session store on files under `root`, one writer per session (fileSessionLocks). */
export function fileSessionStore(root: string, opts?: SessionStoreOptions): SessionStore {
  return new SessionStore(fileBackend(root), { locks: fileSessionLocks(root), ...opts });
}
