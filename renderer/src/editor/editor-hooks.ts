/**
 * Read-only hooks for the editor's end-to-end tests and the latency benchmark (only with `?e2e`).
 * Kept separate from renderer/src/test-hooks.ts (the main app's), under their own global.
 */
import { SERIES } from '../../../twin-engine/preview/types';
import { useEditor } from './editor-store';
import { usePreview } from './preview-store';

export interface EditorTestHooks {
  text(): string;
  fileName(): string;
  diagnostics(): { path: string; message: string }[];
  preview(): { status: string; requestId: number; latencyMs: number | null; wallMs: number | null; seeds: number; min: Record<string, number>; max: Record<string, number> };
}

declare global {
  interface Window {
    __wardtwinEditor?: EditorTestHooks;
  }
}

export function installEditorHooks(): void {
  if (!new URLSearchParams(location.search).has('e2e')) return;
  window.__wardtwinEditor = {
    text: () => useEditor.getState().text,
    fileName: () => useEditor.getState().fileName,
    diagnostics: () => useEditor.getState().diagnostics.map((d) => ({ path: d.path, message: d.message })),
    preview: () => {
      const p = usePreview.getState();
      const run = p.runs[0];
      const min: Record<string, number> = {};
      const max: Record<string, number> = {};
      if (run) {
        for (const { key } of SERIES) {
          const v = [...run.series[key]].filter((x) => !Number.isNaN(x));
          min[key] = Math.min(...v);
          max[key] = Math.max(...v);
        }
      }
      return { status: p.status, requestId: p.requestId, latencyMs: p.latencyMs, wallMs: run?.wallMs ?? null, seeds: p.runs.length, min, max };
    },
  };
}
