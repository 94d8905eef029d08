/**
 * Whether an evaluation has enough target episodes to mean anything, said before any figure
 * (METRICS.md § Enough episodes). With fewer than MIN_TARGET_EPISODES per artifact condition a
 * sensitivity's 95 % Wilson interval is wider than ±0.2 around 0.8 and latency medians rest on a
 * handful of cases, so the report and the CLI lead with a warning and the advice to run more.
 */
import type { ConditionResult } from './evaluate';
import type { ArtifactCondition } from './types';

export const MIN_TARGET_EPISODES = 20;

export interface Sufficiency {
  minTargetEpisodes: number;
  /** Fewest target episodes over the evaluated artifact conditions. */
  targetEpisodes: number;
  sufficient: boolean;
  /** What would suffice (a larger --n or a longer --duration), or null when sufficient. */
  advice: string | null;
}

export function sufficiency(results: Partial<Record<ArtifactCondition, ConditionResult>>, n: number, durationS: number, targets: readonly string[]): Sufficiency {
  const counts = Object.values(results).map((r) => r!.module.events.episodes);
  const k = counts.length ? Math.min(...counts) : 0;
  const sufficient = k >= MIN_TARGET_EPISODES;
  let advice: string | null = null;
  if (!sufficient) {
    advice =
      k > 0
        ? // Episodes scale with patients: k per n patients, so MIN needs about n·MIN/k (rounded up, +10 % for sampling).
          `about ${Math.ceil(((n * MIN_TARGET_EPISODES) / k) * 1.1)} patients of this cohort (--n ${Math.ceil(((n * MIN_TARGET_EPISODES) / k) * 1.1)}) would give ≥ ${MIN_TARGET_EPISODES}; it gave ${k} in ${n} patients of ${hours(durationS)}`
        : `no ${targets.join('/')} episode occurred in ${n} patient${n === 1 ? '' : 's'} of ${hours(durationS)}: use a cohort whose outcomes list ${targets.join(' or ')} (scenarios/cohorts/README.md), or a longer --duration`;
  }
  return { minTargetEpisodes: MIN_TARGET_EPISODES, targetEpisodes: k, sufficient, advice };
}

/** The warning line that leads the CLI output and the report, or null when there are enough episodes. */
export function sufficiencyWarning(s: Sufficiency): string | null {
  if (s.sufficient) return null;
  return `TOO FEW TARGET EPISODES: ${s.targetEpisodes} (minimum ${s.minTargetEpisodes}). The figures below are not evidence about this module. ${s.advice}.`;
}

/** A run length as people write it: '3 h', '1.5 h', '2 min'. */
function hours(durationS: number): string {
  return durationS >= 3600 ? `${+(durationS / 3600).toFixed(2)} h` : `${+(durationS / 60).toFixed(1)} min`;
}
