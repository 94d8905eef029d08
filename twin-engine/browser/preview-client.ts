/**
 * Page side of the preview worker. `request()` supersedes whatever is running (the worker abandons
 * it at its next yield); callbacks only ever see runs of the latest request.
 */
import type { PreviewRequest, PreviewRun } from '../preview/types';

export type PreviewWorkerIn = { type: 'run'; id: number; request: PreviewRequest } | { type: 'cancel'; id: number };
export type PreviewWorkerOut =
  | { type: 'run'; id: number; index: number; of: number; durationS: number; run: PreviewRun }
  | { type: 'error'; id: number; message: string }
  | { type: 'done'; id: number };

export interface PreviewListener {
  /** One seed finished (index 0 first: the line; the rest widen the band). */
  onRun(run: PreviewRun, index: number, of: number, durationS: number, requestId: number): void;
  onError(message: string, requestId: number): void;
  onDone?(requestId: number): void;
}

export class PreviewClient {
  private readonly worker: Worker;
  private id = 0;

  constructor(private readonly listener: PreviewListener) {
    this.worker = new Worker(new URL('./preview-worker.ts', import.meta.url), { type: 'module', name: 'wardtwin-preview' });
    this.worker.addEventListener('message', (ev: MessageEvent<PreviewWorkerOut>) => this.handle(ev.data));
    this.worker.addEventListener('error', (ev) => this.listener.onError(`preview worker failed: ${ev.message}`, this.id));
  }

  /** Start a preview; returns its id. Any earlier preview is cancelled. */
  request(req: PreviewRequest): number {
    const id = ++this.id;
    this.post({ type: 'run', id, request: req });
    return id;
  }

  cancel(): void {
    this.post({ type: 'cancel', id: ++this.id });
  }

  dispose(): void {
    this.worker.terminate();
  }

  private post(m: PreviewWorkerIn): void {
    this.worker.postMessage(m);
  }

  private handle(m: PreviewWorkerOut): void {
    if (m.id !== this.id) return; // a superseded request that finished a seed before it saw the cancel
    if (m.type === 'run') this.listener.onRun(m.run, m.index, m.of, m.durationS, m.id);
    else if (m.type === 'error') this.listener.onError(m.message, m.id);
    else this.listener.onDone?.(m.id);
  }
}
