/**
 * Node adapter for the session store (twin-engine/storage/): keys map to files under one folder
 * (Electron: app.getPath('userData')/wardtwin). Whole-value writes go to a temporary file that is
 * renamed over the old one, so a crash mid-write leaves the previous value intact.
 */
import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { checkKey, SessionStore, type SessionStoreOptions, type StorageBackend } from '../storage/session-store';

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

/** A session store on files under `root`. */
export function fileSessionStore(root: string, opts?: SessionStoreOptions): SessionStore {
  return new SessionStore(fileBackend(root), opts);
}
