/**
 * The instructor's live leaderboard in a lab session: every module students (or the instructor) attached
 * since the ward was loaded, scored on the session's events so far by compareModules — the debrief's and
 * `wardtwin eval`'s scoring path — beside the bedside monitor on the same targets. SIMULATION ONLY.
 */
import type { Leaderboard, LeaderboardFigures, LeaderboardRow, SessionEvent, SessionStatus } from '../session/api';
import { compareModules } from './session-metrics';
import { DEFAULT_SCORING } from './types';
import type { SourceMetrics } from './evaluate';

function figures(s: SourceMetrics): LeaderboardFigures {
  const e = s.events;
  return {
    episodes: e.episodes,
    detected: e.detected,
    sensitivity: e.sensitivity.value,
    ppv: e.ppv.value,
    falseAlarmsPerPatientHour: e.falseAlarmsPerPatientHour.value,
    latencyMedianS: e.latencyMedianS.value,
  };
}

export function labLeaderboard(status: SessionStatus, events: readonly SessionEvent[], owners: ReadonlyMap<string, string | null>): Leaderboard {
  if (!status.ward) return { simTimeS: status.simTimeS, rows: [] };
  const modules = status.modules.filter((m) => owners.has(m.moduleId));
  // Polled while the lab runs: point estimates only (the debrief and `wardtwin eval` give intervals).
  const compared = compareModules(
    status.ward.beds.map((b) => b.bedId),
    events,
    status.simTimeS,
    modules.map((m) => ({ moduleId: m.moduleId, emits: m.emits, scores: m.scores })),
    modules.map((m) => m.moduleId),
    { ...DEFAULT_SCORING, bootstrapB: 0 },
  );
  const rows: LeaderboardRow[] = [];
  for (const c of compared) {
    const info = modules.find((m) => m.moduleId === c.moduleId);
    if (!info) continue; // findings of a module attached before this ward: not on this board
    rows.push({ moduleId: c.moduleId, name: info.name, owner: owners.get(c.moduleId) ?? null, status: info.status, targets: c.targets, module: figures(c.module), monitor: figures(c.monitor) });
  }
  return { simTimeS: status.simTimeS, rows: rankRows(rows) };
}

/** Best first: most episodes detected, then fewest false alarms per patient-hour, then name (and owner). */
function rankRows(rows: LeaderboardRow[]): LeaderboardRow[] {
  const fa = (r: LeaderboardRow) => r.module.falseAlarmsPerPatientHour ?? Infinity;
  return rows.sort(
    (a, b) => b.module.detected - a.module.detected || fa(a) - fa(b) || a.name.localeCompare(b.name) || a.moduleId.localeCompare(b.moduleId) || (a.owner ?? '').localeCompare(b.owner ?? ''),
  );
}

/**
 * One board for a lab whose students work on copies of the ward: each copy's modules scored on that
 * copy (labLeaderboard per ward), the rows ranked together. `copyOf` names the copy of each board.
 */
export function combineLeaderboards(boards: readonly { board: Leaderboard; copyOf: string | null }[]): Leaderboard {
  const rows = boards.flatMap(({ board, copyOf }) => board.rows.map((r) => (copyOf === null ? r : { ...r, copyOf })));
  return { simTimeS: boards[0]?.board.simTimeS ?? 0, rows: rankRows(rows) };
}
