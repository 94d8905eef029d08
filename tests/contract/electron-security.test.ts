/** The Electron host's own guarantees: sender validation, named-only bridge, engine crash reporting. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../twin-engine/session/api';
import type { WardTwinBridge } from '../../twin-engine/session/bridge';
import { IPC } from '../../electron/shared/ipc';
import { CONTENT_SECURITY_POLICY, hardenSession, makeTrustedUrlCheck, rendererEntry, secureWebPreferences, type SessionLike } from '../../electron/main/security';
import { APP_URL, appProtocolHandler, mimeType } from '../../electron/main/app-protocol';
import { electronHarness, type ElectronHarness } from './hosts';

describe('Electron host security', () => {
  let h: ElectronHarness;
  beforeAll(() => {
    h = electronHarness();
  });
  afterAll(async () => {
    await h.dispose();
  });

  it('exposes only named functions: open (with a role), one per command, plus subscribe/unsubscribe/onData/onStreamError', () => {
    const bridge = h.renderer.exposed.wardtwin as WardTwinBridge;
    expect(Object.keys(bridge).sort()).toEqual(['bridgeVersion', 'commands', 'onData', 'onStreamError', 'open', 'subscribe', 'unsubscribe']);
    expect(Object.keys(bridge.commands).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(Object.isFrozen(bridge.commands)).toBe(true);
    expect('ipcRenderer' in bridge).toBe(false);
  });

  it('refuses commands from a frame that is not WardTwin', async () => {
    const bridge = h.foreign.exposed.wardtwin as WardTwinBridge;
    await expect(bridge.commands.status()).rejects.toThrow(
      "Rejected: sender 'https://example.invalid/evil.html' is not WardTwin's window",
    );
  });

  it('refuses unknown command names sent straight over IPC', async () => {
    const reply = await h.renderer.ipcRenderer.invoke(IPC.command, 'constructor', []);
    expect(reply).toEqual({ ok: false, error: "Rejected: unknown command 'constructor'" });
  });

  it('uses Electron\'s secure defaults and a strict CSP', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    const scriptSrc = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'"); // no inline scripts, no eval
    const dev = makeTrustedUrlCheck('http://localhost:5173/');
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('https://evil.example/')).toBe(false);
  });
});

describe('app:// scheme (the renderer without file://)', () => {
  let root: string;
  let outside: string;
  let handler: ReturnType<typeof appProtocolHandler>;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'wardtwin-app-'));
    root = join(dir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>WardTwin</title>');
    writeFileSync(join(root, 'assets', 'main.js'), 'export {}');
    writeFileSync(join(root, 'assets', 'ort.wasm'), new Uint8Array([0, 97, 115, 109]));
    outside = join(dir, 'secret.txt');
    writeFileSync(outside, 'not for the renderer');
    symlinkSync(outside, join(root, 'assets', 'link.txt'));
    handler = appProtocolHandler(root);
  });
  afterAll(() => rmSync(resolve(root, '..'), { recursive: true, force: true }));
  const get = (url: string, method = 'GET') => handler({ url, method });

  it('serves the renderer at app://wardtwin/ with its type, the CSP and nosniff', async () => {
    expect(APP_URL).toBe('app://wardtwin/index.html');
    for (const url of ['app://wardtwin/', 'app://wardtwin/index.html']) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await r.text()).toBe('<!doctype html><title>WardTwin</title>');
    }
    expect((await get('app://wardtwin/assets/main.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await get('app://wardtwin/assets/ort.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    expect(mimeType('x.unknownext')).toBe('application/octet-stream');
  });

  it('refuses paths that leave the renderer folder, however they are spelled', async () => {
    // Literal `..` is removed by the URL parser (stays inside: 404); encoded separators are decoded
    // and caught by the root check (403); a link inside the folder to a file outside is refused.
    expect((await get('app://wardtwin/../secret.txt')).status).toBe(404);
    for (const url of ['app://wardtwin/..%2fsecret.txt', 'app://wardtwin/assets/..%2F..%2Fsecret.txt', 'app://wardtwin/..%5csecret.txt', 'app://wardtwin/%2e%2e%2fsecret.txt']) {
      const r = await get(url);
      expect(r.status, url).toBe(403);
      expect(await r.text()).toBe('403: outside the renderer folder');
    }
    const link = await get('app://wardtwin/assets/link.txt');
    expect(link.status).toBe(403);
    expect(await link.text()).not.toContain('not for the renderer');
  });

  it('answers 404 for unknown files, folders, other hosts and malformed paths; 405 for writes', async () => {
    expect((await get('app://wardtwin/nope.js')).status).toBe(404);
    expect((await get('app://wardtwin/assets')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://wardtwin/%E0%A4%A')).status).toBe(404);
    expect((await get('app://wardtwin/index.html%00.js')).status).toBe(404);
    expect((await get('app://wardtwin/index.html', 'POST')).status).toBe(405);
    const head = await get('app://wardtwin/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('trusts only app://wardtwin pages (not other hosts or schemes)', () => {
    const trusted = makeTrustedUrlCheck(APP_URL);
    expect(trusted('app://wardtwin/index.html')).toBe(true);
    expect(trusted('app://wardtwin/index.html?role=student')).toBe(true);
    expect(trusted('app://evil/index.html')).toBe(false);
    expect(trusted('file:///app/out/renderer/index.html')).toBe(false);
    expect(trusted('https://wardtwin/index.html')).toBe(false);
  });
});

describe('where the window loads from', () => {
  const devServerUrl = 'http://localhost:5173/';
  it('honours the dev server URL only in an unpackaged development build', () => {
    expect(rendererEntry({ dev: true, isPackaged: false, devServerUrl, appUrl: APP_URL })).toBe(devServerUrl);
    expect(rendererEntry({ dev: false, isPackaged: false, devServerUrl, appUrl: APP_URL })).toBe(APP_URL);
    expect(rendererEntry({ dev: true, isPackaged: true, devServerUrl, appUrl: APP_URL })).toBe(APP_URL);
    expect(rendererEntry({ dev: true, isPackaged: false, devServerUrl: undefined, appUrl: APP_URL })).toBe(APP_URL);
  });
});

describe('permissions', () => {
  it('refuses every permission request and check, and every device', () => {
    const seen: Record<string, unknown> = {};
    const fake = {
      webRequest: { onHeadersReceived: (l: unknown) => (seen.headers = l) },
      setPermissionRequestHandler: (h: unknown) => (seen.request = h),
      setPermissionCheckHandler: (h: unknown) => (seen.check = h),
      setDevicePermissionHandler: (h: unknown) => (seen.device = h),
    } as unknown as SessionLike;
    hardenSession(fake);
    const answers: boolean[] = [];
    for (const p of ['clipboard-read', 'media', 'notifications', 'fullscreen', 'geolocation', 'openExternal']) {
      (seen.request as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)(null, p, (ok) => answers.push(ok));
      answers.push((seen.check as (wc: unknown, p: string) => boolean)(null, p));
    }
    expect(answers).toHaveLength(12);
    expect(answers.every((a) => a === false)).toBe(true);
    expect((seen.device as (d: unknown) => boolean)({ deviceType: 'usb' })).toBe(false);
    let headers: Record<string, string[]> = {};
    (seen.headers as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});

describe('fuses (applied by electron-builder at packaging)', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges; turns on cookie encryption, ASAR integrity and ASAR-only loading', () => {
    const config = parse(readFileSync(resolve(import.meta.dirname, '../../electron-builder.yml'), 'utf8')) as { asar: boolean; electronFuses: Record<string, boolean> };
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
