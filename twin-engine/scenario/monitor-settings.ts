/**
 * Per-bed monitor settings shared by wards and cohorts: artifacts (devices/artifacts.ts, intensity 0..1
 * per kind) and ECG noise stress after the MIT-BIH Noise Stress Test (devices/noise.ts).
 */
import { ARTIFACT_KINDS, ECG_NOISE_TYPES, NOISE_SNR_MAX_DB, NOISE_SNR_MIN_DB, type ArtifactKind, type ArtifactSettings, type EcgNoiseSettings, type MonitorOptions } from '../devices/index';
import { arr, bool, dflt, num, obj, oneOf, opt, req, type Infer, type Prop } from './schema';

const NOISE_TYPES = ['bw', 'ma', 'em'] as const;

export const monitorSettingsSchema = obj(
  {
    artifacts: opt(
      obj(
        Object.fromEntries(ARTIFACT_KINDS.map((k) => [k, opt(num({ what: `an intensity for '${k}'`, min: 0, max: 1 }), k)])) as Record<ArtifactKind, Prop<number, false, ArtifactKind>>,
        'Monitor artifacts, intensity 0..1 per kind (see twin-engine/devices/artifacts.ts).',
      ),
    ),
    noise: opt(
      obj(
        {
          snr_db: req(num({ what: 'a signal-to-noise ratio', min: NOISE_SNR_MIN_DB, max: NOISE_SNR_MAX_DB, unit: 'dB', doc: 'NST convention: (QRS peak-to-peak)²/8 over the noise power; standard levels 24, 18, 12, 6, 0, −6 dB.' }), 'snrDb'),
          types: dflt(arr(oneOf(NOISE_TYPES, 'a noise type (bw baseline wander, ma muscle, em electrode motion)'), { minItems: 1, maxItems: 3 }), ['em']),
        },
        'ECG noise stress after the MIT-BIH Noise Stress Test (twin-engine/devices/noise.ts).',
      ),
    ),
    noise_floor: opt(bool('The ECG noise floor calibrated to MIT-BIH (default true); false gives a clean trace.'), 'noiseFloor'),
  },
  'Bedside monitor settings for this bed: artifacts and ECG noise.',
);
export type MonitorSettingsYaml = Infer<typeof monitorSettingsSchema>;

/** What a bed's monitor is built with (JSON-safe: it is also recorded in eval configs and exports). */
export interface BedMonitorSettings {
  artifacts?: ArtifactSettings;
  ecgNoise?: EcgNoiseSettings;
  ecgNoiseFloor?: boolean;
}

export function toBedMonitorSettings(y: MonitorSettingsYaml | undefined): BedMonitorSettings | undefined {
  if (y === undefined) return undefined;
  const out: BedMonitorSettings = {};
  if (y.artifacts) out.artifacts = { ...y.artifacts } as ArtifactSettings;
  if (y.noise) out.ecgNoise = { snrDb: y.noise.snrDb, types: [...new Set(y.noise.types)].filter((t) => ECG_NOISE_TYPES.includes(t)) };
  if (y.noiseFloor !== undefined) out.ecgNoiseFloor = y.noiseFloor;
  return out;
}

export function monitorOptionsOf(s: BedMonitorSettings | undefined): Partial<MonitorOptions> {
  if (!s) return {};
  return { ...(s.artifacts ? { artifacts: s.artifacts } : {}), ...(s.ecgNoise ? { ecgNoise: s.ecgNoise } : {}), ...(s.ecgNoiseFloor !== undefined ? { ecgNoiseFloor: s.ecgNoiseFloor } : {}) };
}
