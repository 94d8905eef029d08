/**
 * The `app://wardtwin/` scheme that serves the built renderer (out/renderer) instead of file://.
 * file:// pages share one origin with every file on the disk; this origin holds only the renderer's
 * files, answers nothing outside that folder (no `..`, no encoded slashes, no link leaving it), and puts
 * the CSP on every response. Kept free of Electron imports so the contract suite tests the handler.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'wardtwin';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Registered before the app is ready (protocol.registerSchemesAsPrivileged): standard (relative URLs
 * and an origin of its own, needed for module workers), secure (like https, so the page is a secure
 * context), fetch for the WASM runtime files. No CSP bypass, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses any other type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
};

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function refuse(status: 403 | 404 | 405, why: string): Response {
  return new Response(`${status}: ${why}`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
  });
}

function within(dir: string, p: string): boolean {
  return p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The handler given to protocol.handle(APP_SCHEME, …): files under `root` (out/renderer) only. */
export function appProtocolHandler(root: string): (request: { url: string; method: string }) => Promise<Response> {
  const base = resolve(root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, `${request.method} is not served`);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404, 'not a URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, `unknown host '${url.host}'`);
    let rel: string;
    try {
      // The URL parser has already removed literal `..` segments; decoding may bring back `..`, `/` or
      // `\` (%2e%2e, %2f, %5c), so the decoded path is resolved again and must stay inside the root.
      rel = decodeURIComponent(url.pathname);
    } catch {
      return refuse(404, 'malformed path');
    }
    if (rel.includes('\0')) return refuse(404, 'malformed path');
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = resolve(base, `.${rel.replace(/\\/g, '/')}`);
    if (!within(base, file)) return refuse(403, 'outside the renderer folder');
    try {
      // A link inside the folder that points elsewhere is refused too.
      const real = await realpath(file);
      if (!within(await realpath(base), real)) return refuse(403, 'outside the renderer folder');
      if (!(await stat(real)).isFile()) return refuse(404, 'not a file');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': mimeType(real), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return refuse(404, 'no such file');
    }
  };
}
