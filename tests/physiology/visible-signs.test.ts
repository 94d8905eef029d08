/**
 * Visible signs from the physiology, against the cited thresholds (docs/REFERENCES.md#lundsgaard-cyanosis,
 * #who-anaemia, #mitrakou-glycaemic-thresholds, #teasdale-gcs, #news2, #banzett-bracing) with values
 * worked by hand, and on the model itself: a resting adult shows nothing, a bleed turns the skin pale.
 */
import { describe, expect, it } from 'vitest';
import { visibleSigns, type TrueState } from '../../twin-engine/physiology/index';
import { copy, patient } from './helpers';

const rest = copy(patient(1).state);
const at = (patch: Partial<TrueState>) => ({ ...rest, ...patch });

describe('visible signs', () => {
  it('a resting adult: no pallor, cyanosis or sweat, lying, breathing at the model rate with a normal chest', () => {
    const m = patient(1);
    m.advance(60);
    const v = m.visibleSigns();
    expect(v).toMatchObject({ pallor: 0, cyanosis: 0, diaphoresis: 0, posture: 'lying' });
    expect(v.breathsPerMin).toBeCloseTo(m.state.rrBpm, 6);
    expect(v.chestRise).toBeGreaterThan(0.9);
    expect(v.chestRise).toBeLessThan(1.1);
  });

  it('cyanosis from capillary deoxyhaemoglobin: Hb 15, SaO2 80 %, SvO2 55 % → 4.875 g/dL → 0.458; the same saturations at Hb 8 (2.6 g/dL) show none', () => {
    expect(visibleSigns(at({ hbGDl: 15, sao2Pct: 80, svo2Pct: 55 }), 0, 500).cyanosis).toBeCloseTo((4.875 - 3.5) / 3, 6);
    expect(visibleSigns(at({ hbGDl: 8, sao2Pct: 80, svo2Pct: 55 }), 0, 500).cyanosis).toBe(0);
  });

  it('pallor of severe anaemia (Hb 7 g/dL → 0.75) and of poor perfusion (index 0.55 → 0.5)', () => {
    expect(visibleSigns(at({ hbGDl: 7, peripheralPerfusion: 1 }), 0, 500).pallor).toBeCloseTo(0.75, 6);
    expect(visibleSigns(at({ hbGDl: 14, peripheralPerfusion: 0.55 }), 0, 500).pallor).toBeCloseTo(0.5, 6);
  });

  it('sweating: glucose 49 mg/dL → 0.5 (autonomic symptoms from 58); sympathetic drive 0.55 → 0.5', () => {
    expect(visibleSigns(at({ glucoseMgDl: 49 }), 0, 500).diaphoresis).toBeCloseTo(0.5, 6);
    expect(visibleSigns(at({ glucoseMgDl: 90 }), 0.55, 500).diaphoresis).toBeCloseTo(0.5, 6);
  });

  it('posture: GCS 7 slumped; alert with work of breathing 13 J/min tripod; RR 28 at SaO2 90 % sitting up; the fast clear-chested breathing of a bleed lying', () => {
    expect(visibleSigns(at({ gcs: 7 }), 0, 500).posture).toBe('slumped');
    expect(visibleSigns(at({ gcs: 15, rrBpm: 32, workOfBreathingJPerMin: 13 }), 0, 500).posture).toBe('tripod');
    expect(visibleSigns(at({ gcs: 15, rrBpm: 28, sao2Pct: 90, workOfBreathingJPerMin: 3 }), 0, 500).posture).toBe('sitting_up');
    expect(visibleSigns(at({ gcs: 14, rrBpm: 34, sao2Pct: 98, workOfBreathingJPerMin: 4 }), 0, 500).posture).toBe('lying');
    expect(visibleSigns(at({ apnea: true, rrBpm: 0 }), 0, 500)).toMatchObject({ breathsPerMin: 0, chestRise: 0 });
  });

  it('a bleed of 35 % of blood volume (ATLS class III) turns the skin pale and sweaty; 10 % (class I) does not', () => {
    const bleed = (pct: number) => {
      const m = patient(1);
      const vol = (pct / 100) * m.state.bloodVolumeMl;
      m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 200, volumeMl: vol, pressureDependent: 0 } });
      m.advance((vol / 200) * 60 + 120);
      return m.visibleSigns();
    };
    expect(bleed(10)).toMatchObject({ pallor: 0, diaphoresis: 0 });
    const iii = bleed(35);
    expect(iii.pallor).toBeGreaterThan(0.2);
    expect(iii.diaphoresis).toBeGreaterThan(0.1);
  });
});
