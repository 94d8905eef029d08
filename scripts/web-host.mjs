// Builds the browser host (renderer + engine in a Web Worker) and serves it on localhost.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = resolve(ROOT, 'dist-web');
const CONFIG = resolve(ROOT, 'vite.web.config.ts');

export async function buildWeb({ quiet = false, minify = true } = {}) {
  const { build } = await import('vite');
  await build({ configFile: CONFIG, logLevel: quiet ? 'error' : 'warn', ...(minify ? {} : { build: { minify: false } }) });
}

/** Serve dist-web; resolves with { url, close }. */
export async function serveWeb({ port = 5174, host = '127.0.0.1', strictPort = false } = {}) {
  if (!existsSync(resolve(WEB_DIST, 'index.html'))) throw new Error(`No browser build in ${WEB_DIST}; run the build first`);
  const { preview } = await import('vite');
  const server = await preview({
    configFile: CONFIG,
    logLevel: 'error',
    preview: { port, host, strictPort, open: false },
  });
  const url = server.resolvedUrls?.local?.[0] ?? `http://${host}:${port}/`;
  return { url, close: () => server.close() };
}

export function webBuildIsFresh() {
  const index = resolve(WEB_DIST, 'index.html');
  return existsSync(index) ? statSync(index).mtimeMs : 0;
}
