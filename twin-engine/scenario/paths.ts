/** Resolve a reference written in a file (relative to that file) into a library path. */
export function resolveRef(fromFile: string, ref: string): string {
  const base = fromFile.replace(/\\/g, '/').split('/').slice(0, -1);
  const parts = ref.startsWith('/') ? [] : base;
  const out: string[] = [];
  for (const seg of [...parts, ...ref.replace(/\\/g, '/').split('/')]) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
