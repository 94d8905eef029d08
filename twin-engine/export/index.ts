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
export { encodeAnnotations, encodeSignals, headerText, toAdc, checksum16, ANN, RHYTHM_AUX, INVALID_SAMPLE, WFDB_COMMENT, type WfdbFormat } from './wfdb';
export { bedToWfdb, WFDB_GROUPS } from './wfdb-record';
export { playablePlan } from './ward-plan';

export const EXPORT_FORMATS = ['csv', 'wfdb', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  wfdbFormat?: WfdbFormat;
  fhirStartIso?: string;
  fhirIntervalS?: number;
}

/** File name → contents for the chosen formats (WFDB files under wfdb/, one set per bed). */
export function exportFiles(cap: WardCapture, formats: readonly ExportFormat[], o: ExportOptions = {}): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  if (formats.includes('csv')) files['numerics.csv'] = numericsCsv(cap.beds.flatMap((b) => b.frames).sort((a, b) => a.simTimeS - b.simTimeS || (a.bedId < b.bedId ? -1 : 1)));
  if (formats.includes('wfdb')) {
    for (const b of cap.beds) for (const [name, data] of Object.entries(bedToWfdb(b, o.wfdbFormat ?? 16))) files[`wfdb/${name}`] = data;
  }
  if (formats.includes('fhir')) {
    const bundle = fhirBundle(cap.beds, { startIso: o.fhirStartIso ?? '2024-01-01T08:00:00Z', intervalS: o.fhirIntervalS ?? 300 });
    files['fhir-bundle.json'] = `${JSON.stringify(bundle, null, 1)}\n`;
  }
  return files;
}
