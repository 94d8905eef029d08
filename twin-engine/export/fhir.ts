/**
 * FHIR R4 export: a collection Bundle with a synthetic Patient per bed and vital-signs Observations
 * following the R4 vital-signs profiles (http://hl7.org/fhir/R4/observation-vitalsigns.html): status,
 * category 'vital-signs', a LOINC code, subject, effectiveDateTime and a UCUM valueQuantity (or, for
 * blood pressure, UCUM components). Codes: docs/REFERENCES.md#fhir-vital-signs. Every resource is tagged
 * as test data (v3-ActReason HTEST) and as WardTwin synthetic data.
 */
import type { MonitorNumerics } from '../devices/index';
import type { PatientProfile } from '../physiology/index';
import { SIMULATION_NOTICE } from '../session/api';
import { hashString32 } from '../util/prng';

export const SYNTHETIC_TAGS = [
  { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HTEST', display: 'test health data' },
  { system: 'urn:wardtwin:tags', code: 'synthetic', display: `WardTwin synthetic data — ${SIMULATION_NOTICE}` },
];

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const VS_CATEGORY = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }], text: 'Vital Signs' }];

/** LOINC codes and UCUM units of the R4 vital-signs profiles. */
export const VITALS = {
  hr: { profile: 'heartrate', coding: [{ code: '8867-4', display: 'Heart rate' }], unit: '/min' },
  rr: { profile: 'resprate', coding: [{ code: '9279-1', display: 'Respiratory rate' }], unit: '/min' },
  spo2: { profile: 'oxygensat', coding: [{ code: '2708-6', display: 'Oxygen saturation in Arterial blood' }, { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' }], unit: '%' },
  temp: { profile: 'bodytemp', coding: [{ code: '8310-5', display: 'Body temperature' }], unit: 'Cel' },
  bp: { profile: 'bp', coding: [{ code: '85354-9', display: 'Blood pressure panel with all children optional' }], unit: 'mm[Hg]' },
  sys: { coding: [{ code: '8480-6', display: 'Systolic blood pressure' }] },
  dia: { coding: [{ code: '8462-4', display: 'Diastolic blood pressure' }] },
} as const;

/** A deterministic UUID-shaped id from a name (FHIR fullUrl needs urn:uuid:…; runs must be reproducible). */
export function stableUuid(name: string): string {
  const h = [0, 1, 2, 3].map((i) => hashString32(`${i}:${name}`).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface FhirBedInput {
  bedId: string;
  profile: PatientProfile;
  /** 1 Hz frames of what the monitor showed. */
  frames: readonly { simTimeS: number; measured: MonitorNumerics }[];
}

export interface FhirOptions {
  /** Wall-clock instant of simulated t = 0 (ISO 8601). */
  startIso: string;
  /** One observation set every this many simulated seconds. */
  intervalS: number;
}

type Json = Record<string, unknown>;
const q = (value: number, unit: string) => ({ value: Math.round(value * 10) / 10, unit, system: UCUM, code: unit });
const code = (c: readonly { code: string; display: string }[], text: string) => ({ coding: c.map((x) => ({ system: LOINC, ...x })), text });

export function fhirBundle(beds: readonly FhirBedInput[], o: FhirOptions): Json {
  const t0 = Date.parse(o.startIso);
  if (!Number.isFinite(t0)) throw new Error(`FHIR export: start must be an ISO 8601 instant, got '${o.startIso}'`);
  const entries: Json[] = [];
  const meta = (profile?: string) => ({ ...(profile ? { profile: [`http://hl7.org/fhir/StructureDefinition/${profile}`] } : {}), tag: SYNTHETIC_TAGS });
  for (const bed of beds) {
    const pid = stableUuid(`patient/${bed.bedId}`);
    const birthYear = new Date(t0).getUTCFullYear() - Math.floor(bed.profile.ageY);
    entries.push({
      fullUrl: `urn:uuid:${pid}`,
      resource: { resourceType: 'Patient', id: pid, meta: meta(), text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">Synthetic patient (${bed.bedId}). ${SIMULATION_NOTICE}</div>` }, identifier: [{ system: 'urn:wardtwin:bed', value: bed.bedId }], name: [{ text: `Synthetic patient ${bed.bedId}` }], gender: bed.profile.sex, birthDate: String(birthYear) },
    });
    const subject = { reference: `urn:uuid:${pid}` };
    const first = bed.frames.length ? bed.frames[0].simTimeS : 0;
    for (const f of bed.frames) {
      // The first frame and then one per interval: short runs still export one observation set.
      if (Math.round(f.simTimeS - first) % o.intervalS !== 0) continue;
      const when = new Date(t0 + f.simTimeS * 1000).toISOString();
      const m = f.measured;
      const obs = (key: string, v: Json) => {
        const id = stableUuid(`obs/${bed.bedId}/${key}/${f.simTimeS}`);
        entries.push({ fullUrl: `urn:uuid:${id}`, resource: { resourceType: 'Observation', id, status: 'final', category: VS_CATEGORY, subject, effectiveDateTime: when, ...v } });
      };
      const hr = m.hrBpm ?? m.prBpm;
      if (hr !== null) obs('hr', { meta: meta(VITALS.hr.profile), code: code(VITALS.hr.coding, 'Heart rate'), valueQuantity: q(hr, '/min') });
      if (m.rrBpm !== null) obs('rr', { meta: meta(VITALS.rr.profile), code: code(VITALS.rr.coding, 'Respiratory rate'), valueQuantity: q(m.rrBpm, '/min') });
      if (m.spo2Pct !== null) obs('spo2', { meta: meta(VITALS.spo2.profile), code: code(VITALS.spo2.coding, 'SpO2'), valueQuantity: q(m.spo2Pct, '%') });
      if (m.tempC !== null) obs('temp', { meta: meta(VITALS.temp.profile), code: code(VITALS.temp.coding, 'Body temperature'), valueQuantity: q(m.tempC, 'Cel') });
      const sys = m.artSysMmHg ?? m.nibpSysMmHg;
      const dia = m.artDiaMmHg ?? m.nibpDiaMmHg;
      if (sys !== null && dia !== null) {
        obs('bp', {
          meta: meta(VITALS.bp.profile),
          code: code(VITALS.bp.coding, 'Blood pressure'),
          component: [
            { code: code(VITALS.sys.coding, 'Systolic'), valueQuantity: q(sys, 'mm[Hg]') },
            { code: code(VITALS.dia.coding, 'Diastolic'), valueQuantity: q(dia, 'mm[Hg]') },
          ],
        });
      }
    }
  }
  return { resourceType: 'Bundle', id: stableUuid(`bundle/${beds.map((b) => b.bedId).join(',')}`), meta: { tag: SYNTHETIC_TAGS }, type: 'collection', timestamp: new Date(t0).toISOString(), entry: entries };
}
