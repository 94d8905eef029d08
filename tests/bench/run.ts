/**
 * Benchmarks. Names are part of the interface (issues and dashboards refer to them): keep them stable.
 * Each prints one JSON line; `--only <prefix>` runs a subset.
 */
import { benchPhysiology } from '../../twin-engine/physiology/bench';
import { benchPatient, benchPatientMemory, benchWard } from './engine-bench';
import { benchEval, benchEvalWaveform } from '../../twin-engine/node/eval-bench';
import { benchScenarioTick } from './scenario-bench';
import { benchPreviewLatency } from './preview-bench';
import { benchUiWard24 } from './ui-bench';
import { benchLab40 } from './lab-bench';
import { benchCliStart } from './cli-bench';

export interface BenchLine {
  bench: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

function emit(line: BenchLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export async function runBenchmarks(argv: string[]): Promise<void> {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : '';
  const want = (name: string) => !only || name.startsWith(only) || only.startsWith(name);

  if (want('engine.physiology')) {
    const simS = 4 * 3600;
    const r = benchPhysiology(simS);
    emit({ bench: 'engine.physiology.realtime_factor', value: Math.round(simS / (r.wallMs / 1000)), unit: 'x', sim_s: simS, wall_ms: Math.round(r.wallMs) });
  }
  if (want('engine.patient')) {
    const r = benchPatient(3600);
    emit({ bench: 'engine.patient.realtime_factor', value: Math.round(r.factor), unit: 'x', sim_s: 3600, channels: r.channels });
  }
  if (want('engine.patient.heap')) {
    const r = benchPatientMemory(24);
    emit({ bench: 'engine.patient.heap_growth_mb_per_24h', value: Number(r.growthMbPer24h.toFixed(3)), unit: 'MB', gc: r.gcAvailable });
    emit({ bench: 'engine.patient.heap_peak_mb', value: Number(r.peakMb.toFixed(1)), unit: 'MB' });
  }
  if (want('engine.ward24')) {
    const r = await benchWard(24, 600);
    emit({ bench: 'engine.ward24.realtime_factor', value: Math.round(r.factor), unit: 'x', sim_s: 600, beds: 24 });
  }
  if (want('scenario.runtime')) {
    // A scenario runtime is ticked every physiology step for every bed: a step with nothing due must be cheap.
    emit({ bench: 'scenario.runtime.tick_us', value: Number(benchScenarioTick().toFixed(3)), unit: 'us', scenario: 'sepsis-urosepsis.yaml' });
  }
  if (want('lab.clients40')) {
    const r = await benchLab40();
    emit({ bench: 'lab.clients40.server_cpu_pct', value: Number(r.cpuPct.toFixed(1)), unit: '%', clients: 40, note: 'server thread event-loop utilisation, one core = 100' });
    emit({ bench: 'lab.clients40.latency_ms_p95', value: Number(r.p95Ms.toFixed(1)), unit: 'ms', frames: r.frames, waveform_chunks: r.chunks });
  }
  if (want('ui.ward24')) {
    // Real Chromium (WebGL on SwiftShader, i.e. the CPU), 24-bed ward, engine in its Web Worker.
    const r = await benchUiWard24();
    for (const [k, v] of Object.entries(r)) {
      // js_ms_per_frame: a paused frame's JavaScript + the data's JavaScript per second over 60 frames (ui-bench.ts says why).
      const extra = k === 'ui.ward24.js_ms_per_frame' ? { fixed_ms: r.fixedFrameJsMs, data_ms_per_s: r.dataJsMsPerS, swiftshader_frame_js_ms: r.frameJsMs, frames: r.frames } : {};
      if (k.startsWith('ui.') && typeof v === 'number') emit({ bench: k, value: Number(v.toFixed(2)), unit: k.endsWith('draw_calls') ? 'calls' : k.endsWith('per_s') ? 'ms/s' : 'ms', ...extra });
    }
  }
  if (want('ui.preview')) {
    // Real Chromium: from an edit of a 2-hour scenario to the finished preview plot.
    const r = await benchPreviewLatency();
    emit({ bench: 'ui.preview.latency_ms', value: Math.round(r.latencyMs), unit: 'ms', samples: r.samples.map((x) => Math.round(x)), scenario: 'hemorrhage-postop.yaml (2 h)' });
  }
  if (want('cli.start')) {
    // A command's start-up as a user pays it: a fresh process running `wardtwin --help` (bundle already built).
    const r = benchCliStart(7);
    emit({ bench: 'cli.start_ms', value: Math.round(r.medianMs), unit: 'ms', runs: r.samples.length, samples: r.samples.map((x) => Math.round(x)), target: '< 500' });
  }
  if (want('eval.patient_hours_per_s')) {
    // A cohort-sized workload (40 patients × 6 h), worker start-up included.
    const r = await benchEval({ workers: 2, patients: 40, hoursEach: 6 });
    emit({ bench: 'eval.patient_hours_per_s', value: Number(r.patientHoursPerS.toFixed(2)), unit: 'patient-h/s', workers: r.workers, patients: 40, hours_each: 6, module: 'builtin:shock-index (sandboxed)' });
  }
  if (want('eval.waveform_patient_hours_per_s')) {
    // Every ECG sample generated at 500 Hz and handed to the sandboxed detector: 4 patients × 1 h.
    const r = await benchEvalWaveform({ workers: 2, patients: 4, hoursEach: 1 });
    emit({ bench: 'eval.waveform_patient_hours_per_s', value: Number(r.patientHoursPerS.toFixed(3)), unit: 'patient-h/s', workers: r.workers, patients: 4, hours_each: 1, findings: r.findings, module: 'qrs-pan-tompkins reading ecg_ii at 500 Hz (sandboxed)', cohort: 'telemetry.yaml' });
  }
}
