/**
 * What a nurse sees when she looks at the patient, derived from the physiology once a simulated
 * second: chest movement (rate and depth), pallor, central cyanosis, sweating and posture. These are
 * observations, not hidden truth — a student at the bedside sees them — so they travel with every
 * numerics frame whatever the role. Each value is a 0..1 visual intensity (0 none, 1 florid) or a
 * category; the thresholds are the clinical ones cited beside them.
 */
import type { TrueState } from './types';

export const POSTURES = ['lying', 'sitting_up', 'tripod', 'slumped', 'recovery'] as const;
/** lying: flat or slightly raised (normal); sitting_up: propped up; tripod: sitting, leaning forward on
 *  braced arms (respiratory distress); slumped: flat, head lolled (obtunded); recovery: on the side. */
export type Posture = (typeof POSTURES)[number];

export interface VisibleSigns {
  /** Breaths per minute a nurse would count by watching the chest (0 in apnoea). */
  breathsPerMin: number;
  /** Chest excursion relative to the patient's own resting tidal volume (0 none, 1 normal, up to 3). */
  chestRise: number;
  /** 0..1: pallor (vasoconstriction of poor perfusion, or anaemia). */
  pallor: number;
  /** 0..1: central cyanosis (deoxygenated haemoglobin in the skin's capillaries). */
  cyanosis: number;
  /** 0..1: sweating (diaphoresis). */
  diaphoresis: number;
  posture: Posture;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Central cyanosis appears at about 5 g/dL of deoxygenated haemoglobin in the capillaries
 * (docs/REFERENCES.md#lundsgaard-cyanosis), taken as the mean of the arterial and mixed-venous
 * deoxyhaemoglobin. Observers first see a faint tinge earlier and disagree until it is marked
 * (docs/REFERENCES.md#comroe-cyanosis: SaO2 ≈ 85 % for most, down to 75 % for some), so the intensity
 * ramps from 3.5 g/dL (faint) through 5 (plain) to 6.5 g/dL (florid). An anaemic patient, with less
 * haemoglobin to desaturate, is cyanosed later or not at all — as in life.
 */
const CYANOSIS_ONSET_G_DL = 3.5;
const CYANOSIS_FLORID_G_DL = 6.5;
/**
 * Pallor of shock: the model's peripheral perfusion index (1 normal; cutaneous vasoconstriction lowers
 * it) below 0.8 starts to blanch the skin, fully at 0.3 — ATLS class II haemorrhage already has pale,
 * cool skin (docs/REFERENCES.md#atls-hemorrhage-classes). Pallor of anaemia: WHO grades haemoglobin
 * < 8 g/dL as severe anaemia in adults (docs/REFERENCES.md#who-anaemia); pallor ramps from 10 g/dL
 * (moderate, often not visible) to 6 g/dL.
 */
const PERFUSION_PALE_FROM = 0.8;
const PERFUSION_PALE_FULL = 0.3;
const HB_PALE_FROM_G_DL = 10;
const HB_PALE_FULL_G_DL = 6;
/**
 * Sweating is sympathetic (cholinergic sudomotor). From the model's sympathetic drive (0 at rest,
 * 0.9 maximal): cold sweat of shock — ATLS class III/IV — at a drive of 0.35 and above; from
 * hypoglycaemia, whose autonomic symptoms (sweating) begin at ≈ 58 mg/dL
 * (docs/REFERENCES.md#mitrakou-glycaemic-thresholds), florid by 40 mg/dL.
 */
const SYMP_SWEAT_FROM = 0.35;
const SYMP_SWEAT_FULL = 0.75;
const GLUCOSE_SWEAT_FROM_MG_DL = 58;
const GLUCOSE_SWEAT_FULL_MG_DL = 40;
/**
 * Posture: a patient with GCS ≤ 8 (docs/REFERENCES.md#teasdale-gcs: coma) lies slumped whatever else.
 * A conscious patient (GCS ≥ 13) whose breathing is the problem sits up: RR ≥ 25 — NEWS2's 3-point band
 * (docs/REFERENCES.md#news2) — with SpO2 ≤ 91 % (also NEWS2's 3-point band) or a work of breathing
 * over twice the resting ≈ 2.4 J/min of the model. Beyond the sustainable work of breathing (12 J/min,
 * the respiratory model's fatigue threshold) the patient braces on the arms, leaning forward (tripod),
 * which recruits the accessory muscles (docs/REFERENCES.md#banzett-bracing). The fast breathing of
 * haemorrhage with clear lungs does not sit a patient up.
 */
const GCS_OBTUNDED = 8;
const GCS_ALERT_ENOUGH = 13;
const RR_SIT_UP = 25;
const SPO2_DISTRESS_PCT = 91;
const WOB_LABOURED_J_PER_MIN = 4.8;
const WOB_TRIPOD_J_PER_MIN = 12;

/**
 * The visible signs of a patient. `sympDrive` is the model's sympathetic drive (autonomic.ts);
 * `restingTidalMl` the patient's own resting tidal volume (params.vt0Ml).
 */
export function visibleSigns(s: Readonly<TrueState>, sympDrive: number, restingTidalMl: number): VisibleSigns {
  const breathing = !s.apnea && s.rrBpm >= 2;
  const capDeoxy = s.hbGDl * (1 - (s.sao2Pct + s.svo2Pct) / 200);
  const pallor = Math.max(
    clamp01((PERFUSION_PALE_FROM - s.peripheralPerfusion) / (PERFUSION_PALE_FROM - PERFUSION_PALE_FULL)),
    clamp01((HB_PALE_FROM_G_DL - s.hbGDl) / (HB_PALE_FROM_G_DL - HB_PALE_FULL_G_DL)),
  );
  const diaphoresis = Math.max(
    clamp01((sympDrive - SYMP_SWEAT_FROM) / (SYMP_SWEAT_FULL - SYMP_SWEAT_FROM)),
    clamp01((GLUCOSE_SWEAT_FROM_MG_DL - s.glucoseMgDl) / (GLUCOSE_SWEAT_FROM_MG_DL - GLUCOSE_SWEAT_FULL_MG_DL)),
  );
  let posture: Posture;
  if (s.position === 'recovery') posture = 'recovery';
  else if (s.gcs <= GCS_OBTUNDED) posture = 'slumped';
  else {
    const selfBreathing = !s.intubated && breathing && s.gcs >= GCS_ALERT_ENOUGH;
    const laboured = s.workOfBreathingJPerMin > WOB_LABOURED_J_PER_MIN || s.sao2Pct <= SPO2_DISTRESS_PCT;
    if (selfBreathing && s.workOfBreathingJPerMin > WOB_TRIPOD_J_PER_MIN) posture = 'tripod';
    else if (s.position === 'upright' || (selfBreathing && s.rrBpm >= RR_SIT_UP && laboured)) posture = 'sitting_up';
    else posture = 'lying';
  }
  return {
    breathsPerMin: breathing ? s.rrBpm : 0,
    chestRise: breathing && restingTidalMl > 0 ? Math.min(3, s.tidalVolumeMl / restingTidalMl) : 0,
    pallor,
    cyanosis: clamp01((capDeoxy - CYANOSIS_ONSET_G_DL) / (CYANOSIS_FLORID_G_DL - CYANOSIS_ONSET_G_DL)),
    diaphoresis,
    posture,
  };
}
