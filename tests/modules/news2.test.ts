/** NEWS2 (RCP 2017 Chart 1 & 2): hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { news2, spo2Scale2, type News2Obs } from '../../modules/news2/news2';
import { findingsOf, scoresOf } from '../../twin-engine/modules-host/contract';
import createNews2 from '../../modules/news2/index';

const normal: News2Obs = { rrBpm: 16, spo2Pct: 97, onOxygen: false, sbpMmHg: 125, hrBpm: 75, consciousness: 'A', tempC: 37.0 };

describe('NEWS2 Chart 1 and 2', () => {
  it('a normal adult scores 0 (no response)', () => {
    expect(news2(normal)).toMatchObject({ total: 0, red: false, response: 'none' });
  });

  it('band edges of every parameter', () => {
    const t = (o: Partial<News2Obs>) => news2({ ...normal, ...o }).total;
    // RR: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3
    expect([8, 9, 11, 12, 20, 21, 24, 25].map((rrBpm) => t({ rrBpm }))).toEqual([3, 1, 1, 0, 0, 2, 2, 3]);
    // SpO2 scale 1: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0
    expect([91, 92, 93, 94, 95, 96].map((spo2Pct) => t({ spo2Pct }))).toEqual([3, 2, 2, 1, 1, 0]);
    // SBP: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3
    expect([90, 91, 100, 101, 110, 111, 219, 220].map((sbpMmHg) => t({ sbpMmHg }))).toEqual([3, 2, 2, 1, 1, 0, 0, 3]);
    // Pulse: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3
    expect([40, 41, 50, 51, 90, 91, 110, 111, 130, 131].map((hrBpm) => t({ hrBpm }))).toEqual([3, 1, 1, 0, 0, 1, 1, 2, 2, 3]);
    // Temperature: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2
    expect([35.0, 35.1, 36.0, 36.1, 38.0, 38.1, 39.0, 39.1].map((tempC) => t({ tempC }))).toEqual([3, 1, 1, 0, 0, 1, 1, 2]);
    // Supplemental oxygen +2; new confusion / V / P / U +3
    expect(t({ onOxygen: true })).toBe(2);
    expect(t({ consciousness: 'CVPU' })).toBe(3);
  });

  it('SpO2 scale 2 (hypercapnic target 88–92 %)', () => {
    expect([83, 84, 85, 86, 87, 88, 92].map((s) => spo2Scale2(s, true))).toEqual([3, 2, 2, 1, 1, 0, 0]);
    expect([93, 94, 95, 96, 97].map((s) => spo2Scale2(s, true))).toEqual([1, 1, 2, 2, 3]);
    expect(spo2Scale2(97, false)).toBe(0); // ≥ 93 on air scores 0
  });

  it('Chart 2 response bands: worked examples', () => {
    // Septic patient: RR 24 (2), SpO2 94 on air (1), SBP 98 (2), HR 118 (2), alert, T 38.6 (1) = 8 → high
    expect(news2({ rrBpm: 24, spo2Pct: 94, onOxygen: false, sbpMmHg: 98, hrBpm: 118, consciousness: 'A', tempC: 38.6 })).toMatchObject({ total: 8, response: 'high' });
    // RR 22 (2), HR 95 (1), T 38.2 (1), others 0 = 4 → low
    expect(news2({ ...normal, rrBpm: 22, hrBpm: 95, tempC: 38.2 })).toMatchObject({ total: 4, response: 'low' });
    // single red score: HR 135 (3) alone = 3 → low–medium (urgent ward review)
    expect(news2({ ...normal, hrBpm: 135 })).toMatchObject({ total: 3, red: true, response: 'low-medium' });
    // 5 → medium: RR 21 (2), SpO2 95 (1), SBP 105 (1), HR 92 (1)
    expect(news2({ ...normal, rrBpm: 21, spo2Pct: 95, sbpMmHg: 105, hrBpm: 92 })).toMatchObject({ total: 5, response: 'medium' });
  });

  it('the module scores 60-s medians, counts oxygen from interventions, and fires once per band rise', () => {
    const mod = createNews2({ name: 'news2', version: '1', params: {} });
    const findings = [];
    const scores: { t: number; label: string; value: number }[] = [];
    for (let t = 1; t <= 120; t++) {
      const sick = t > 60;
      const events = t === 61 ? [{ kind: 'intervention' as const, simTimeS: t, intervention: 'oxygen', by: 'learner', detail: { kind: 'oxygen', flowLPerMin: 4 } }] : [];
      const numerics = sick
        ? { rrBpm: 24, spo2Pct: 94, artSysMmHg: 98, nibpSysMmHg: null, hrBpm: 118, prBpm: 118, tempC: 38.6 }
        : { rrBpm: 16, spo2Pct: 97, artSysMmHg: 125, nibpSysMmHg: null, hrBpm: 75, prBpm: 75, tempC: 37 };
      const answer = mod.onSecond({ bedId: 'b', simTimeS: t, numerics, waveforms: {}, events });
      findings.push(...findingsOf(answer).map((f) => ({ t, ...f })));
      scores.push(...scoresOf(answer).map((s) => ({ t, ...s })));
    }
    // The score stream: the total each minute, findings or not — 0 for the healthy minute, then
    // RR 24 (2) + SpO2 94 (1) + oxygen (2) + SBP 98 (2) + HR 118 (2) + T 38.6 (1) = 10 (Chart 1).
    expect(scores).toEqual([{ t: 60, label: 'news2', value: 0 }, { t: 120, label: 'news2', value: 10 }]);
    // the medians flip when more than half the 60-s window is sick (t = 91): 8 + oxygen 2 = 10 → high
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ t: 91, label: 'sepsis', severity: 'high', score: 0.5 });
    expect(findings[0].evidence).toMatchObject({ news2: 10, air: 2 });
    expect(findings[0].message).toContain('consciousness not observed');
  });
});
