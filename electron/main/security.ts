/**
 * Electron's security checklist, applied to every window: isolation and sandbox, a strict CSP on
 * every response, no navigation away from the app, no new windows, no permission grants.
 */
import type { BrowserWindow, Session, WebPreferences } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** True for URLs of WardTwin's own renderer (the built file, or the dev server during development). */
export function makeTrustedUrlCheck(rendererUrl: string): (url: string) => boolean {
  const base = new URL(rendererUrl);
  return (url: string) => {
    try {
      const u = new URL(url);
      if (base.protocol === 'file:') return u.protocol === 'file:' && u.pathname === base.pathname;
      return u.origin === base.origin;
    } catch {
      return false;
    }
  };
}

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export function hardenWindow(win: BrowserWindow, isTrustedUrl: (url: string) => boolean): void {
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
