/**
 * SIRS from the monitor (60-s medians of temperature, HR and RR) and the latest resulted labs (PaCO2 from
 * a blood gas, WBC from a blood count, each used for LAB_VALID_S after it results). Without labs only the
 * three vital-sign criteria can score (the model card says so). A 'sepsis' finding when it turns positive
 * (≥ 2 criteria), repeated every params.repeatS (default 900 s) while it stays positive (a finding is an
 * instant: modules/README.md § Persistent conditions), re-armed after 5 min negative; the points (0–4)
 * are published each minute as the score stream 'sirs' (evaluated as points / 4).
 */
import type { BedSecondInput, ModuleContext, SecondAnswer } from '../../twin-engine/modules-host/contract';
import { sirs } from './sirs';

const WINDOW_S = 60;
const REARM_S = 300;
const SCORE_EVERY_S = 60;
/** A lab result counts for 6 h (a ward re-checks bloods about daily; older values no longer describe the patient). */
const LAB_VALID_S = 6 * 3600;

function median(a: number[]): number {
  const v = a.filter((x) => x === x).sort((x, y) => x - y);
  if (v.length < a.length / 2) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

interface Bed {
  temp: number[];
  hr: number[];
  rr: number[];
  paco2: { v: number; t: number } | null;
  wbc: { v: number; t: number } | null;
  fired: boolean;
  negativeS: number;
  lastS: number;
}

export default function create(ctx?: ModuleContext) {
  const repeatS = Number(ctx?.params.repeatS ?? 900);
  const beds = new Map<string, Bed>();
  return {
    onSecond(input: BedSecondInput): SecondAnswer {
      let b = beds.get(input.bedId);
      if (!b) beds.set(input.bedId, (b = { temp: [], hr: [], rr: [], paco2: null, wbc: null, fired: false, negativeS: 0, lastS: 0 }));
      for (const e of input.events) {
        if (e.kind !== 'lab' || e.value === null) continue;
        const test = e.test.toLowerCase().replace(/[^a-z0-9]/g, '');
        if (test === 'paco2') b.paco2 = { v: e.value, t: e.simTimeS };
        else if (test === 'wbc') b.wbc = { v: e.value, t: e.simTimeS };
      }
      const n = input.numerics;
      const push = (h: number[], x: number | null | undefined) => {
        h.push(typeof x === 'number' ? x : NaN);
        if (h.length > WINDOW_S) h.shift();
      };
      push(b.temp, n.tempC);
      push(b.hr, n.hrBpm ?? n.prBpm);
      push(b.rr, n.rrBpm);
      if (b.rr.length < WINDOW_S) return [];
      const m = { temp: median(b.temp), hr: median(b.hr), rr: median(b.rr) };
      if (m.temp !== m.temp || m.hr !== m.hr || m.rr !== m.rr) return [];
      const fresh = (x: { v: number; t: number } | null) => (x && input.simTimeS - x.t <= LAB_VALID_S ? x.v : null);
      const s = sirs({ tempC: m.temp, hrBpm: m.hr, rrBpm: m.rr, paco2MmHg: fresh(b.paco2), wbc10e9L: fresh(b.wbc) });
      const scores = input.simTimeS % SCORE_EVERY_S === 0 ? [{ label: 'sirs', value: s.points }] : [];
      const rise = s.positive && !b.fired;
      if (rise || (s.positive && input.simTimeS - b.lastS >= repeatS)) {
        b.fired = true;
        b.negativeS = 0;
        b.lastS = input.simTimeS;
        const c = s.criteria;
        return {
          scores,
          findings: [{
            label: 'sepsis',
            score: s.points / 4,
            severity: 'medium',
            message: `SIRS ${s.points}/4 (${[c.temp && 'temperature', c.hr && 'HR', c.resp && 'RR/PaCO2', c.wbc && 'WBC'].filter(Boolean).join(', ')}${rise ? '' : '; persisting'})`,
            evidence: { sirs: s.points, tempC: m.temp, hrBpm: m.hr, rrBpm: m.rr, paco2MmHg: fresh(b.paco2), wbc10e9L: fresh(b.wbc) },
          }],
        };
      }
      if (!s.positive && b.fired && ++b.negativeS >= REARM_S) b.fired = false;
      if (s.positive) b.negativeS = 0;
      return { scores };
    },
  };
}
