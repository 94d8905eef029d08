/** The Electron host's own guarantees: sender validation, named-only bridge, engine crash reporting. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../twin-engine/session/api';
import type { WardTwinBridge } from '../../twin-engine/session/bridge';
import { IPC } from '../../electron/shared/ipc';
import { CONTENT_SECURITY_POLICY, makeTrustedUrlCheck, secureWebPreferences } from '../../electron/main/security';
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
    const trusted = makeTrustedUrlCheck('file:///app/out/renderer/index.html');
    expect(trusted('file:///app/out/renderer/index.html')).toBe(true);
    expect(trusted('file:///etc/passwd')).toBe(false);
    expect(trusted('https://evil.example/')).toBe(false);
  });
});
