/**
 * The lab's web page, on the same port as its WebSocket: any browser on the LAN opens
 * http://<host>:<port>/ and gets the WardTwin UI (the browser host's build, dist-web), which then joins
 * the lab over ws://<same host:port>/. Static files only; nothing here reaches the engine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

/** Marks the page as a lab's: the renderer shows the join screen instead of starting its own engine. */
export const LAB_PAGE_META = '<meta name="wardtwin-lab" content="1">';

/**
 * A request handler serving `root` (the built web UI). Without a build, every page says how to make one
 * (an honest error beats a blank page).
 */
/** Where the lab's page answers, for the instructor's join address and QR code: the LAN's IPv4 addresses when listening on every interface. */
export const LAB_ADDRESSES_PATH = '/lab-addresses.json';

function pageAddresses(listenHost: string, port: number): string[] {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return [`http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}/`];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(`http://${a.address}:${port}/`);
  return out.length ? out : [`http://127.0.0.1:${port}/`];
}

export function labWebHandler(root: string | null, listenHost = '127.0.0.1'): (req: IncomingMessage, res: ServerResponse) => void {
  const base = root ? resolve(root) : null;
  const built = base !== null && existsSync(join(base, 'index.html'));
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if ((req.url ?? '').split('?')[0] === LAB_ADDRESSES_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(JSON.stringify({ addresses: pageAddresses(listenHost, req.socket.localPort ?? 0) }));
      return;
    }
    if (!built || base === null) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`WardTwin lab — SIMULATION — NOT FOR CLINICAL USE\nThe web UI is not built on the lab machine${base ? ` (no ${join(base, 'index.html')})` : ''}: run \`npm run build:web\` there and start the lab again.\nScripts can still join over WebSocket at this address.\n`);
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://lab').pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    // Never outside the build folder (../ in the path).
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: ${path}`);
      return;
    }
    let body: Buffer | string = readFileSync(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (file.endsWith(`${sep}index.html`)) body = body.toString('utf8').replace('<head>', `<head>\n    ${LAB_PAGE_META}`);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
