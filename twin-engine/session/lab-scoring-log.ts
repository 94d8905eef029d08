/**
 * What a lab keeps of a ward's events for its live leaderboard and gradebook: only what scoring reads
 * (evaluation/session-records.ts: the ward's beds, truth episodes, the monitor's alarms raised and
 * cleared, module findings), each cut to the fields scoring reads. A lab runs for hours: notes, clock and
 * run-state events, learner actions, lab results, module status and alarm acknowledgements would
 * otherwise pile up for nothing, and a finding's message and evidence are most of its size.
 *
 * What is left grows only with what is scored: episodes (one entry each, onset and offset folded into
 * it), alarms (two entries each) and findings (bounded per module by the module host's limits:
 * modules-host/contract.ts maxFindingsPerBedMinute).
 */
import type { SessionEvent } from './api';

/** One kept entry per episode: its offset replaces its onset in place (scoring reads the latest state). */
export class LabScoringLog {
  private events: SessionEvent[] = [];
  private readonly episodeAt = new Map<string, number>();

  constructor(saved?: readonly SessionEvent[]) {
    if (saved) for (const e of saved) this.push(e);
  }

  /** The events scoring reads, oldest first. */
  get list(): readonly SessionEvent[] {
    return this.events;
  }

  get size(): number {
    return this.events.length;
  }

  /** Forget everything (a new ward). */
  clear(): void {
    this.events = [];
    this.episodeAt.clear();
  }

  push(e: SessionEvent): void {
    switch (e.type) {
      case 'ward_loaded':
        // The beds are what scoring reads of it (records are per bed): not the profiles, channels, limits.
        this.events.push({ type: 'ward_loaded', simTimeS: e.simTimeS, ward: { ...e.ward, beds: e.ward.beds.map((b) => ({ ...b, channels: [], states: [] })) } });
        return;
      case 'episode': {
        const key = `${e.bedId}/${e.episode.id}`;
        const at = this.episodeAt.get(key);
        if (at === undefined) {
          this.episodeAt.set(key, this.events.length);
          this.events.push(e);
        } else this.events[at] = e;
        return;
      }
      case 'alarm':
        if (e.change === 'raised' || e.change === 'cleared') this.events.push(e);
        return;
      case 'finding': {
        const f = e.finding;
        // Scoring reads the label, score and time (and the module and bed): the message and evidence stay out.
        this.events.push({ type: 'finding', simTimeS: e.simTimeS, bedId: e.bedId, finding: { moduleId: f.moduleId, bedId: f.bedId, simTimeS: f.simTimeS, label: f.label, score: f.score, severity: f.severity, message: '' } });
        return;
      }
      default:
        return;
    }
  }
}
