/**
 * The FHIR bundle checked against the required elements of the R4 vital-signs profile
 * (observation-vitalsigns): status, category 'vital-signs', code with a LOINC coding, subject,
 * effective[x], and a UCUM valueQuantity or components with UCUM values — plus the synthetic markers.
 */
import { describe, expect, it } from 'vitest';
import { fhirBundle, SYNTHETIC_TAGS } from '../../twin-engine/export/fhir';
import { numericsCsv } from '../../twin-engine/export/csv';
import { STANDARD_ADULT } from '../../twin-engine/physiology/index';
import type { MonitorNumerics } from '../../twin-engine/devices/index';

const measured = (over: Partial<MonitorNumerics> = {}): MonitorNumerics => ({
  hrBpm: 88, prBpm: 88, spo2Pct: 95, perfusionIndexPct: 2, rrBpm: 18, etco2MmHg: 36, artSysMmHg: null, artDiaMmHg: null, artMeanMmHg: null,
  nibpSysMmHg: 121, nibpDiaMmHg: 74, nibpMeanMmHg: 90, nibpTimeS: 0, tempC: 37.4, ...over,
});
const frames = [1, 2, 301].map((t) => ({ simTimeS: t, measured: measured(t === 301 ? { spo2Pct: null } : {}) }));
const bundle = fhirBundle([{ bedId: 'bed-1', profile: STANDARD_ADULT, frames }], { startIso: '2024-01-01T08:00:00Z', intervalS: 300 }) as any;
const UCUM = 'http://unitsofmeasure.org';

/** Required elements of http://hl7.org/fhir/StructureDefinition/vitalsigns (R4). Returns problems. */
function vitalSignsProblems(o: any, fullUrls: Set<string>): string[] {
  const p: string[] = [];
  if (!['registered', 'preliminary', 'final', 'amended'].includes(o.status)) p.push('status');
  if (!o.category?.some((c: any) => c.coding?.some((x: any) => x.system === 'http://terminology.hl7.org/CodeSystem/observation-category' && x.code === 'vital-signs'))) p.push('category');
  if (!o.code?.coding?.some((x: any) => x.system === 'http://loinc.org' && /^\d+-\d$/.test(x.code))) p.push('code');
  if (!fullUrls.has(o.subject?.reference)) p.push('subject');
  if (!o.effectiveDateTime || Number.isNaN(Date.parse(o.effectiveDateTime))) p.push('effective[x]');
  const qOk = (q: any) => typeof q?.value === 'number' && q.system === UCUM && typeof q.code === 'string' && q.unit;
  if (o.valueQuantity) {
    if (!qOk(o.valueQuantity)) p.push('valueQuantity');
  } else if (o.component) {
    for (const c of o.component) if (!qOk(c.valueQuantity) || !c.code?.coding?.some((x: any) => x.system === 'http://loinc.org')) p.push('component');
  } else if (!o.dataAbsentReason) p.push('value[x]');
  return p;
}

describe('FHIR R4 vital-signs bundle', () => {
  const obs = bundle.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === 'Observation');
  const urls = new Set<string>(bundle.entry.map((e: any) => e.fullUrl));
  it('is a collection Bundle with a synthetic Patient, tagged as test data', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.meta.tag).toEqual(SYNTHETIC_TAGS);
    const pat = bundle.entry[0].resource;
    expect(pat.resourceType).toBe('Patient');
    expect(pat.meta.tag.map((t: any) => t.code)).toEqual(['HTEST', 'synthetic']);
    expect(pat.text.div).toContain('SIMULATION — NOT FOR CLINICAL USE');
    expect(pat.gender).toBe('male');
  });
  it('every Observation has the profile\'s required elements', () => {
    expect(obs.length).toBeGreaterThan(0);
    for (const o of obs) expect(vitalSignsProblems(o, urls)).toEqual([]);
  });
  it('uses the published LOINC codes and UCUM units', () => {
    const byCode = (c: string) => obs.filter((o: any) => o.code.coding.some((x: any) => x.code === c));
    expect(byCode('8867-4')[0].valueQuantity).toMatchObject({ value: 88, code: '/min' });
    expect(byCode('9279-1')[0].valueQuantity.code).toBe('/min');
    expect(byCode('59408-5')[0].code.coding.map((x: any) => x.code)).toEqual(['2708-6', '59408-5']);
    expect(byCode('59408-5')[0].valueQuantity.code).toBe('%');
    expect(byCode('8310-5')[0].valueQuantity).toMatchObject({ value: 37.4, code: 'Cel' });
    const bp = byCode('85354-9')[0];
    expect(bp.component.map((c: any) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.code])).toEqual([['8480-6', 121, 'mm[Hg]'], ['8462-4', 74, 'mm[Hg]']]);
  });
  it('samples one set per interval (t = 1 s and 301 s) and omits values the monitor did not show', () => {
    expect(new Set(obs.map((o: any) => o.effectiveDateTime))).toEqual(new Set(['2024-01-01T08:00:01.000Z', '2024-01-01T08:05:01.000Z']));
    expect(obs.filter((o: any) => o.code.coding.some((x: any) => x.code === '59408-5')).length).toBe(1);
  });
  it('is deterministic (stable ids)', () => {
    const again = fhirBundle([{ bedId: 'bed-1', profile: STANDARD_ADULT, frames }], { startIso: '2024-01-01T08:00:00Z', intervalS: 300 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
  });
});

describe('CSV', () => {
  it('starts with the synthetic-data marker and leaves missing values empty', () => {
    const csv = numericsCsv([{ bedId: 'b', simTimeS: 1, measured: measured({ hrBpm: null }) }]).split('\n');
    expect(csv[0]).toBe('# WardTwin synthetic data — SIMULATION — NOT FOR CLINICAL USE');
    expect(csv[1].startsWith('t_s,bed,hr_bpm,')).toBe(true);
    expect(csv[2].startsWith('1,b,,95.0,')).toBe(true);
  });
});
