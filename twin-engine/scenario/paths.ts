/**
 * Resolve a reference written in a file (relative to that file) into a library path. A file named by
 * an absolute path (one outside the working directory, as `wardtwin validate` names it) keeps its
 * leading '/', so its references still point next to it rather than under the working directory.
 */
export function resolveRef(fromFile: string, ref: string): string {
  const rooted = fromFile.replace(/\\/g, '/').startsWith('/');
  const base = fromFile.replace(/\\/g, '/').split('/').slice(0, -1);
  const parts = ref.startsWith('/') ? [] : base;
  const out: string[] = [];
  for (const seg of [...parts, ...ref.replace(/\\/g, '/').split('/')]) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return (rooted ? '/' : '') + out.join('/');
}
