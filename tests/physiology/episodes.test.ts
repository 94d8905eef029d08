/**
 * Truth episodes from the hidden state: thresholds with hysteresis and minimum durations
 * (hypotension MAP < 65 for 60 s, SSC 2021; cardiac arrest; Sepsis-3 / septic shock, Singer 2016).
 */
import { describe, expect, it } from 'vitest';
import { EPISODE_LABELS } from '../../twin-engine/physiology/index';
import { patient } from './helpers';

describe('episodes', () => {
  it('hypotension opens after MAP < 65 for ≥ 60 s, back-dated onset, closes after recovery', () => {
    const m = patient();
    m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 250, volumeMl: 2000, pressureDependent: 0 } });
    m.advance(900);
    const ep = m.episodes().find((e) => e.label === 'hypotension');
    expect(ep).toBeDefined();
    const ch = m.drainEpisodeChanges();
    expect(ch.some((c) => c.type === 'onset' && c.episode.label === 'hypotension')).toBe(true);
    expect(m.drainEpisodeChanges()).toHaveLength(0);
    m.applyIntervention({ kind: 'blood_transfusion', volumeMl: 2000, rateMlPerH: 12000 });
    m.advance(1800);
    expect(ep!.offsetS).not.toBeNull();
    expect(ep!.offsetS!).toBeGreaterThan(ep!.onsetS);
    expect(m.drainEpisodeChanges().some((c) => c.type === 'offset' && c.episode.id === ep!.id)).toBe(true);
  });

  it('a 30 s dip below threshold does not create an episode (minimum duration)', () => {
    const m = patient();
    m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'sinus_tachycardia', rateBpm: 130 } });
    m.advance(20);
    const id = m.activeConditions()[0].id;
    m.stopCondition(id);
    m.advance(120);
    expect(m.episodes().filter((e) => e.label === 'tachycardia')).toHaveLength(0);
  });

  it('VF → cardiac_arrest + ventricular_fibrillation; successful shock closes them', () => {
    for (let seed = 1; seed < 20; seed++) {
      const m = patient(seed);
      m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'ventricular_fibrillation' } });
      m.advance(30);
      m.applyIntervention({ kind: 'defibrillation' });
      m.advance(300);
      if (m.state.rhythm === 'ventricular_fibrillation') continue;
      const arrest = m.episodes().find((e) => e.label === 'cardiac_arrest')!;
      expect(arrest.severity).toBe('severe');
      expect(arrest.offsetS).not.toBeNull();
      expect(m.episodes().find((e) => e.label === 'ventricular_fibrillation')!.offsetS).not.toBeNull();
      return;
    }
    throw new Error('no successful shock in 19 seeds');
  });

  it('untreated severe sepsis → sepsis then septic shock (Singer 2016)', () => {
    const m = patient();
    m.startCondition({ kind: 'sepsis', severity: 0.9 });
    m.advance(8 * 3600);
    const labels = m.episodes().map((e) => e.label);
    expect(labels).toContain('sepsis');
    expect(labels).toContain('septic_shock');
    expect(labels).toContain('fever');
    const sepsis = m.episodes().find((e) => e.label === 'sepsis')!;
    const shock = m.episodes().find((e) => e.label === 'septic_shock')!;
    expect(shock.onsetS).toBeGreaterThanOrEqual(sepsis.onsetS);
  });

  it('opioid overdose → hypoxemia, hypercapnia, respiratory failure episodes', () => {
    const m = patient();
    m.startCondition({ kind: 'opioid_overdose', severity: 0.5 });
    m.advance(1800);
    const labels = new Set(m.episodes().map((e) => e.label));
    for (const l of ['hypoxemia', 'hypercapnia', 'respiratory_failure'] as const) expect(labels.has(l)).toBe(true);
    for (const e of m.episodes()) expect(EPISODE_LABELS).toContain(e.label);
  });

  it('glucose episodes: hypoglycemia (< 70, ADA) and hyperglycemia (> 180)', () => {
    const h = patient();
    h.startCondition({ kind: 'hypoglycemia', severity: 0.8 });
    h.advance(3 * 3600);
    expect(h.episodes().some((e) => e.label === 'hypoglycemia' && e.severity !== 'mild')).toBe(true);
    const d = patient();
    d.startCondition({ kind: 'dka', severity: 0.8 });
    d.advance(10 * 3600);
    expect(d.episodes().some((e) => e.label === 'hyperglycemia')).toBe(true);
  });

  it('temperature episodes: fever ≥ 38 °C and hypothermia < 35 °C', () => {
    const f = patient();
    f.startCondition({ kind: 'fever', severity: 0.6 });
    f.advance(4 * 3600);
    expect(f.episodes().some((e) => e.label === 'fever')).toBe(true);
    const c = patient();
    c.startCondition({ kind: 'hypothermia', severity: 0.5 });
    c.advance(5 * 3600);
    expect(c.episodes().some((e) => e.label === 'hypothermia')).toBe(true);
  });

  it('rhythm episodes: AF, flutter, SVT, AV block, VT, asystole, PEA, bradycardia', () => {
    const map: [string, string][] = [
      ['atrial_fibrillation', 'atrial_fibrillation'],
      ['atrial_flutter', 'atrial_flutter'],
      ['svt', 'svt'],
      ['av_block_3', 'av_block'],
      ['ventricular_tachycardia', 'ventricular_tachycardia'],
      ['asystole', 'asystole'],
      ['pea', 'pea'],
      ['sinus_bradycardia', 'bradycardia'],
    ];
    for (const [rhythm, label] of map) {
      const m = patient();
      m.startCondition({ kind: 'arrhythmia', params: { rhythm } });
      m.advance(90);
      expect(m.episodes().map((e) => e.label)).toContain(label);
    }
  });
});
