/**
 * After every edit (debounced 150 ms): validate with the loader `wardtwin validate` uses, then — if
 * valid — ask the preview worker to simulate. A newer edit cancels the preview in flight (the client
 * supersedes it). The learner path and seed count re-run the preview without re-validating.
 */
import { useEffect, useRef } from 'react';
import { parseScenario } from '../../../twin-engine/scenario/scenario';
import { PreviewClient } from '../../../twin-engine/browser/preview-client';
import { useEditor } from './editor-store';
import { learnerPathOf, usePreview } from './preview-store';

export const VALIDATE_DEBOUNCE_MS = 150;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

let client: PreviewClient | null = null;
function previewClient(): PreviewClient {
  client ??= new PreviewClient({
    onRun: (run, index, _of, durationS, id) => usePreview.getState().gotRun(id, run, index, durationS),
    onError: (message, id) => usePreview.getState().failed(id, message),
  });
  return client;
}

/**
 * Ask for a preview of the current text. `optimistic`: before this thread has validated it — the worker
 * validates too and simulates meanwhile (the two cores work in parallel); if the text turns out invalid
 * the request is cancelled and its error never shown.
 */
export function requestPreview(editAt = performance.now(), optimistic = false): void {
  const { scenario, text, fileName, diagnostics, yamlError } = useEditor.getState();
  if (yamlError !== null || (!optimistic && (scenario === null || diagnostics.length > 0))) return;
  const p = usePreview.getState();
  const id = previewClient().request({ text, fileName, seeds: SEEDS.slice(0, p.seedCount), learnerPath: learnerPathOf(p.learnerRows, p.treated) });
  p.started(id, editAt);
}

export function useLiveCheck(): void {
  const rev = useEditor((s) => s.rev);
  const editAt = useRef(0);
  useEffect(() => {
    editAt.current = performance.now();
    const timer = setTimeout(() => {
      const { text, fileName, rev: r } = useEditor.getState();
      requestPreview(editAt.current, true);
      const res = parseScenario(text, fileName);
      useEditor.getState().setValidation(r, res.ok ? [] : res.diagnostics, res.ok ? res.value : null);
      if (!res.ok) {
        client?.cancel();
        usePreview.getState().setStale();
      }
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [rev]);

  const seedCount = usePreview((s) => s.seedCount);
  const rows = usePreview((s) => s.learnerRows);
  const treated = usePreview((s) => s.treated);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    const t = setTimeout(() => requestPreview(), VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [seedCount, rows, treated]);
}
