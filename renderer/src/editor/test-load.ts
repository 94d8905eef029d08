/**
 * "Load in the ward engine" check: a throw-away Session (the same host the ward uses — Electron IPC or
 * the Web Worker engine) loads the text exactly as the ward would, then is disposed.
 */
import { connectSession } from '../session/connect';

export interface TestLoadResult {
  ok: boolean;
  message: string;
}

export async function testLoadInEngine(fileName: string, text: string, files: Record<string, string> = {}): Promise<TestLoadResult> {
  // A fresh engine in the browser host; in Electron the window's connection (the host decides the role).
  const session = connectSession({ role: 'instructor' });
  try {
    const info = await session.load({ kind: 'text', fileName, text, files });
    const beds = info.beds.length;
    return { ok: true, message: `Loaded in the ward engine: “${info.title}”, ${beds} bed${beds === 1 ? '' : 's'}.` };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    void session.dispose().catch(() => undefined);
  }
}
