/**
 * A controlled bleed played through the product's scenario path (scenario file → WardEngine → one
 * driver; `$rate` is a scenario parameter), measured against published responses to blood loss:
 * - Guyton's MAP and cardiac output vs % blood volume lost (docs/REFERENCES.md#guyton-hemorrhage). Guyton & Hall
 *   describe blood removed "over a period of about half an hour"; so the bleed here removes 45 % in
 *   ≈ 30 min (80 mL/min, pressure-independent) and each point is read as the loss passes it.
 * - Breathing rate and mentation through the ATLS classes (docs/REFERENCES.md#atls-hemorrhage-classes, table 3-1):
 *   class I < 15 % RR 14–20, slightly anxious; II 15–30 % RR 20–30, mildly anxious; III 30–40 % RR
 *   30–40, anxious/confused; IV > 40 % RR > 35, confused/lethargic. GCS 15 = alert; ≤ 14 = confused.
 * Tolerances: ±10 percentage points on the Guyton points to 41 % loss. The reference is one digitised
 * curve (no spread published); on its falling part MAP drops ≈ 3 points per % of blood volume, so
 * ±10 points is the curve met to within ≈ 3 % of blood volume. MAP at 30.3 % gets ±15: the model's
 * baroreflex raises SVR ≈ 1.5× there against ≈ 1.3× in Guyton's data (MAP/CO 62.5/49), and lowering
 * that gain breaks the septic-shock course it also sets (twin-engine/MODEL.md "Known limitations"). Its end — death at 45.5 % loss, MAP
 * and CO ≈ 0 — is checked on the loss axis instead: beyond the compensation limit the curve falls
 * ≈ 8 points per % loss, so a vertical tolerance would say nothing; the circulation must stop (MAP <
 * 10 % of normal) within 45.5 ± 5 % loss — not before 40 % (no premature cliff), not after 50.5 %.
 * ±2 /min beyond the ATLS RR bands (clinical class descriptors, not measured means).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { playScenario, summary, type Course, type Sample } from '../scenario/regression-harness';

const BLEED = `kind: scenario
id: guyton-bleed
title: Controlled bleed for the Guyton curve
level: advanced
author: tests
duration: 40 min
objectives: [Measure the response to blood loss.]
parameters:
  rate: { default: 80 mL/min, min: 10 mL/min, max: 500 mL/min }
patient: { age: 44 y, sex: male, height: 178 cm, weight: 77 kg }
timeline:
  - at: 1 min
    action:
      start_condition: { id: bleed, kind: hemorrhage, severity: 1, params: { rateMlPerMin: $rate, pressureDependent: 0 } }
`;
const ONSET_S = 60;
const RATE = 80;

let course: Course;
let base: Sample;
/** The first sample at which the cumulative loss reaches pct % of the blood volume before the bleed. */
const at = (pct: number): Sample => {
  const s = course.samples.find((x) => x.t > ONSET_S && ((RATE * (x.t - ONSET_S)) / 60 / base.bloodVolumeMl) * 100 >= pct);
  if (!s) throw new Error(`the course never reached ${pct} % loss; ${summary(course)}`);
  return s;
};
const mapPct = (s: Sample) => (100 * s.mapMmHg) / base.mapMmHg;
const coPct = (s: Sample) => (100 * s.coLPerMin) / base.coLPerMin;

beforeAll(async () => {
  course = await playScenario('guyton-bleed.yaml', { text: BLEED });
  base = course.samples.find((x) => x.t === ONSET_S - 1)!;
}, 120_000);

describe('Guyton MAP and cardiac output vs blood loss (REFERENCES.md#guyton-hemorrhage), bleed through the scenario path', () => {
  for (const [pct, ref, tol] of [
    [10, 100, 10],
    [18, 100, 10],
    [30.3, 62.5, 15],
    [40.1, 43, 10],
  ])
    it(`MAP at ${pct} % loss ≈ ${ref} % of normal (±${tol})`, () => {
      expect(Math.abs(mapPct(at(pct)) - ref), summary(course)).toBeLessThanOrEqual(tol);
    });
  for (const [pct, ref] of [
    [11.6, 95],
    [21, 78],
    [31, 49],
    [40.7, 27],
  ])
    it(`CO at ${pct} % loss ≈ ${ref} % of normal (±10)`, () => {
      expect(Math.abs(coPct(at(pct)) - ref), summary(course)).toBeLessThanOrEqual(10);
    });
  it('the circulation stops (MAP < 10 % of normal) at 45.5 ± 5 % loss: no premature cliff, no endless tail', () => {
    const s = course.samples.find((x) => x.t > ONSET_S && mapPct(x) < 10);
    expect(s, summary(course)).toBeDefined();
    const loss = ((RATE * (s!.t - ONSET_S)) / 60 / base.bloodVolumeMl) * 100;
    expect(loss).toBeGreaterThanOrEqual(45.5 - 5);
    expect(loss).toBeLessThanOrEqual(45.5 + 5);
  });
  it('MAP holds within 10 % of normal to 15 % loss (the compensated plateau), then falls with loss', () => {
    expect(mapPct(at(15))).toBeGreaterThan(90);
    const pts = [15, 20, 25, 30, 35, 40, 45].map((p) => mapPct(at(p)));
    for (let i = 1; i < pts.length; i++) expect(pts[i], pts.join(', ')).toBeLessThan(pts[i - 1]);
  });
  it('no negative pressure or volume while the bleed outlasts the circulation', () => {
    for (const s of course.samples) {
      expect(s.mapMmHg).toBeGreaterThanOrEqual(0);
      expect(s.sbpMmHg).toBeGreaterThanOrEqual(0);
      expect(s.bloodVolumeMl).toBeGreaterThan(0);
    }
    expect(course.samples.at(-1)!.mapMmHg).toBeLessThan(5); // and it did exsanguinate
  });
});

describe('breathing and mentation through the ATLS classes (REFERENCES.md#atls-hemorrhage-classes), same bleed', () => {
  it('class I (10 %): RR 14–20, alert', () => {
    const s = at(10);
    expect(s.rrBpm).toBeGreaterThanOrEqual(12);
    expect(s.rrBpm).toBeLessThanOrEqual(22);
    expect(s.gcs).toBe(15);
  });
  it('class II (25 %): RR 20–30, not confused', () => {
    const s = at(25);
    expect(s.rrBpm).toBeGreaterThanOrEqual(18);
    expect(s.rrBpm).toBeLessThanOrEqual(32);
    expect(s.gcs).toBe(15);
  });
  it('class III (35 %): RR 30–40, confused but not comatose', () => {
    const s = at(35);
    expect(s.rrBpm).toBeGreaterThanOrEqual(28);
    expect(s.rrBpm).toBeLessThanOrEqual(42);
    expect(s.gcs).toBeLessThanOrEqual(14);
    expect(s.gcs).toBeGreaterThanOrEqual(9);
  });
  it('class IV (41 %): RR > 35, lethargic', () => {
    const s = at(41);
    expect(s.rrBpm).toBeGreaterThan(35);
    expect(s.gcs).toBeLessThanOrEqual(13);
  });
  it('not fully alert once MAP has fallen to 66 mmHg (issue 13), which on Guyton\'s curve is late class II', () => {
    // 66 of 90 mmHg is 73 % of normal: Guyton's curve passes it at ≈ 27 % loss (100 % at 18, 62.5 % at 30.3).
    const s = course.samples.find((x) => x.t > ONSET_S && x.mapMmHg <= 66)!;
    expect(((RATE * (s.t - ONSET_S)) / 60 / base.bloodVolumeMl) * 100).toBeGreaterThan(25);
    expect(s.gcs).toBeLessThan(15);
  });
});
