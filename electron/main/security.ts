/**
 * Electron's security checklist, applied to every window: isolation and sandbox, a strict CSP on
 * every response, no navigation away from the app, no new windows, no permission grants. The table
 * of every checklist item and the line that meets it: docs/ELECTRON-SECURITY.md.
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

/**
 * Where the window loads the renderer from: the app:// scheme, or the dev server's URL that
 * electron-vite's dev command passes in ELECTRON_RENDERER_URL — honoured only in a development build
 * (`dev` is import.meta.env.DEV, fixed at build time, so a production build has no code path that reads
 * it) and never in a packaged app, where an environment variable must not redirect the window.
 */
export function rendererEntry(opts: { dev: boolean; isPackaged: boolean; devServerUrl: string | undefined; appUrl: string }): string {
  return opts.dev && !opts.isPackaged && opts.devServerUrl ? opts.devServerUrl : opts.appUrl;
}

/** True for URLs of WardTwin's own renderer (the app:// scheme, or the dev server during development). */
export function makeTrustedUrlCheck(rendererUrl: string): (url: string) => boolean {
  const base = new URL(rendererUrl);
  return (url: string) => {
    try {
      const u = new URL(url);
      // Compared by scheme and host: a custom scheme's URL has the opaque origin 'null' in Node.
      return u.protocol === base.protocol && u.host === base.host;
    } catch {
      return false;
    }
  };
}

/**
 * The renderer uses no permission-gated web API (no clipboard, media, notifications, devices,
 * fullscreen, geolocation), so every permission request and every permission check is refused, and
 * no device (HID, serial, USB) is ever granted.
 */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function hardenSession(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function hardenWindow(win: BrowserWindow, isTrustedUrl: (url: string) => boolean): void {
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
