/**
 * ONNX runtime glue: keeps, per bed, the last `lengthS` seconds of the numerics or waveform samples an
 * input needs, feeds them as float32 tensors once the window is full and has no gaps, and turns output
 * scores into findings on a rising edge (≥ threshold; re-armed below rearmBelow) so a model emits one
 * finding per event, not one per second. The model itself is data: onnxruntime runs it, no module code.
 */
import type { BedSecondInput, FindingDraft, ModuleManifest, OnnxInputSpec, ScoreDraft } from './contract';
import type { BedResult } from './sandbox';

export interface OrtSessionLike {
  run(feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>>;
}
/** What the platform's onnxruntime-web wrapper provides. */
export interface OrtLike {
  create(model: Uint8Array): Promise<OrtSessionLike>;
}

/** The parts of the `onnxruntime-web` module the adapter uses (structural, so this file stays platform-free). */
export interface OrtModule {
  env: { wasm: { numThreads?: number } };
  InferenceSession: {
    create(model: Uint8Array, options: { executionProviders: string[]; graphOptimizationLevel: 'basic' }): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
    }>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

/**
 * onnxruntime-web → OrtLike, shared by the Node and browser sandbox workers so both run models with the
 * same settings: one WASM thread (no extra workers; results independent of the core count) and the same
 * graph optimisation level, so ONNX findings match across hosts.
 */
export function ortAdapter(ort: OrtModule): OrtLike {
  ort.env.wasm.numThreads = 1;
  return {
    async create(model) {
      const s = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'basic' });
      return {
        async run(feeds) {
          const t: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(feeds)) t[k] = new ort.Tensor('float32', v.data, v.dims);
          const r = await s.run(t);
          const out: Record<string, Float32Array> = {};
          for (const [k, v] of Object.entries(r)) out[k] = Float32Array.from(v.data as ArrayLike<number>);
          return out;
        },
      };
    },
  };
}

interface BedState {
  windows: Map<string, number[]>;
  armed: boolean[];
}

export class OnnxRunner {
  private readonly beds = new Map<string, BedState>();

  private constructor(
    private readonly session: OrtSessionLike,
    private readonly manifest: ModuleManifest,
  ) {}

  static async create(ort: OrtLike, manifest: ModuleManifest, model: Uint8Array): Promise<OnnxRunner> {
    if (!manifest.onnx) throw new Error('manifest has no onnx section');
    return new OnnxRunner(await ort.create(model), manifest);
  }

  async onSecond(beds: BedSecondInput[]): Promise<BedResult[]> {
    const out: BedResult[] = [];
    for (const b of beds) out.push({ bedId: b.bedId, findings: await this.bed(b) });
    return out;
  }

  private async bed(b: BedSecondInput): Promise<FindingDraft[] | { findings: FindingDraft[]; scores: ScoreDraft[] }> {
    const spec = this.manifest.onnx!;
    let st = this.beds.get(b.bedId);
    if (!st) {
      st = { windows: new Map(), armed: spec.outputs.map(() => true) };
      this.beds.set(b.bedId, st);
    }
    const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
    let complete = true;
    for (const inp of spec.inputs) {
      const w = st.windows.get(inp.name) ?? [];
      st.windows.set(inp.name, w);
      push(w, inp, b);
      const need = need_(inp);
      if (w.length < need || w.some((x) => x !== x)) complete = false;
      else feeds[inp.name] = { data: Float32Array.from(w), dims: inp.shape };
    }
    if (!complete) return [];
    const res = await this.session.run(feeds);
    const findings: FindingDraft[] = [];
    const scores: ScoreDraft[] = [];
    spec.outputs.forEach((o, i) => {
      const score = res[o.name]?.[o.index ?? 0];
      if (score === undefined || score !== score) return;
      // The score stream (manifest scores): the output itself every scoreEveryS simulated seconds.
      if (o.scoreLabel && o.scoreEveryS && b.simTimeS % o.scoreEveryS === 0) scores.push({ label: o.scoreLabel, value: Math.min(1, Math.max(0, score)) });
      if (st.armed[i] && score >= o.threshold) {
        st.armed[i] = false;
        findings.push({ label: o.label, score: Math.min(1, Math.max(0, score)), severity: o.severity, message: o.message });
      } else if (!st.armed[i] && score < o.rearmBelow) st.armed[i] = true;
    });
    return scores.length ? { findings, scores } : findings;
  }
}

function need_(inp: OnnxInputSpec): number {
  return inp.shape.reduce((a, b) => a * b, 1);
}

/** Append this second's values (time-major for numerics: [t0 f0, t0 f1, …]) and trim to the window. */
function push(w: number[], inp: OnnxInputSpec, b: BedSecondInput): void {
  if (inp.source === 'numerics') {
    for (const f of inp.fields ?? []) {
      const v = b.numerics[f];
      w.push(typeof v === 'number' ? v : NaN);
    }
  } else {
    const win = inp.channel ? b.waveforms[inp.channel] : undefined;
    if (win) for (let i = 0; i < win.samples.length; i++) w.push(win.samples[i]);
    // A missing second is a gap (NaN) so the window stays aligned in time; it is skipped until it ages out.
    else for (let i = need_(inp) / inp.lengthS; i > 0; i--) w.push(NaN);
  }
  const need = need_(inp);
  if (w.length > need) w.splice(0, w.length - need);
}
