/**
 * Exports of simulated runs: CSV numerics, WFDB records (PhysioNet) and FHIR R4 vital signs. Every
 * file carries the synthetic-data marker. SIMULATION — NOT FOR CLINICAL USE.
 */
import { captureWard, type WardCapture } from './capture';
import { numericsCsv } from './csv';
import { fhirBundle } from './fhir';
import type { WfdbFormat } from './wfdb';
import { bedToWfdb } from './wfdb-record';

export { captureWard, CaptureRecorder, type WardCapture, type BedCapture } from './capture';
export { numericsCsv, CSV_MARKER } from './csv';
export { fhirBundle, SYNTHETIC_TAGS, VITALS, stableUuid } from './fhir';
export { encodeAnnotations, encodeSignals, headerText, toAdc, checksum16, ANN, NOISE_SUBTYPE, RHYTHM_AUX, baseTimeDate, INVALID_SAMPLE, WFDB_COMMENT, type WfdbFormat } from './wfdb';
export { bedToWfdb, ecgAnnotations, WFDB_GROUPS } from './wfdb-record';
export { playablePlan } from './ward-plan';

export const EXPORT_FORMATS = ['csv', 'wfdb', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Default wall-clock time of simulated t = 0 in exports. */
export const DEFAULT_START_ISO = '2024-01-01T08:00:00Z';

export interface ExportOptions {
  wfdbFormat?: WfdbFormat;
  /** Wall-clock time of simulated t = 0 (ISO 8601): FHIR effective times and the WFDB headers' base time/date. */
  startIso?: string;
  fhirIntervalS?: number;
}

/** File name → contents for the chosen formats (WFDB files under wfdb/, one set per bed). */
export function exportFiles(cap: WardCapture, formats: readonly ExportFormat[], o: ExportOptions = {}): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  const startIso = o.startIso ?? DEFAULT_START_ISO;
  const startMs = Date.parse(startIso);
  if (!Number.isFinite(startMs)) throw new Error(`export: the start time must be an ISO 8601 instant (e.g. 2024-01-01T08:00:00Z), got '${startIso}'`);
  if (formats.includes('csv')) files['numerics.csv'] = numericsCsv(cap.beds.flatMap((b) => b.frames).sort((a, b) => a.simTimeS - b.simTimeS || (a.bedId < b.bedId ? -1 : 1)));
  if (formats.includes('wfdb')) {
    for (const b of cap.beds) for (const [name, data] of Object.entries(bedToWfdb(b, o.wfdbFormat ?? 16, startMs))) files[`wfdb/${name}`] = data;
  }
  if (formats.includes('fhir')) {
    const bundle = fhirBundle(cap.beds, { startIso, intervalS: o.fhirIntervalS ?? 300 });
    files['fhir-bundle.json'] = `${JSON.stringify(bundle, null, 1)}\n`;
  }
  return files;
}
