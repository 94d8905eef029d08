/**
 * The hidden truth of the selected bed (instructor only): the twin's true state and its truth episodes.
 * Refreshed once a second; never shown in student mode.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TruthEpisode } from '../../../twin-engine/physiology/types';
import type { TruthSummary } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { history } from '../state/history';
import { useUi } from '../state/store';
import { formatClock, humanize } from '../ui/format';

const ROWS: { key: keyof TruthSummary; label: string; digits?: number }[] = [
  { key: 'rhythm', label: 'Rhythm' },
  { key: 'hrBpm', label: 'HR /min' },
  { key: 'sbpMmHg', label: 'SBP mmHg' },
  { key: 'mapMmHg', label: 'MAP mmHg' },
  { key: 'coLPerMin', label: 'CO L/min', digits: 1 },
  { key: 'bloodVolumeMl', label: 'Blood volume mL' },
  { key: 'rrBpm', label: 'RR /min' },
  { key: 'sao2Pct', label: 'SaO₂ %', digits: 1 },
  { key: 'pao2MmHg', label: 'PaO₂ mmHg' },
  { key: 'paco2MmHg', label: 'PaCO₂ mmHg' },
  { key: 'ph', label: 'pH', digits: 2 },
  { key: 'lactateMmolL', label: 'Lactate mmol/L', digits: 1 },
  { key: 'coreTempC', label: 'Core temp °C', digits: 1 },
  { key: 'glucoseMgDl', label: 'Glucose mg/dL' },
  { key: 'gcs', label: 'GCS' },
  { key: 'peripheralPerfusion', label: 'Perfusion (0–1)', digits: 2 },
];

function episodes(bedId: string): { ep: TruthEpisode; open: boolean }[] {
  const byId = new Map<string, { ep: TruthEpisode; open: boolean }>();
  for (const e of history.all) {
    if (e.type !== 'episode' || e.bedId !== bedId) continue;
    byId.set(e.episode.id, { ep: e.episode, open: e.change === 'onset' });
  }
  return [...byId.values()].reverse();
}

export function TruthView() {
  const bedId = useUi((s) => s.selectedBedId);
  const version = useUi((s) => s.historyVersion);
  const [truth, setTruth] = useState<TruthSummary | null>(null);
  useEffect(() => {
    if (!bedId) return;
    const tick = () => setTruth(live.numerics.get(bedId)?.truth ?? null);
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [bedId]);
  const eps = useMemo(() => (bedId ? episodes(bedId) : []), [bedId, version]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section className="form truth" aria-label="Hidden truth (instructor only)" data-testid="truth-view">
      <h4>Truth — hidden from students</h4>
      <div className="truth-grid">
        <table className="data compact" aria-label="True state">
          <tbody>
            {ROWS.map((r) => {
              const v = truth?.[r.key];
              return (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>{v == null ? '--' : typeof v === 'number' ? v.toFixed(r.digits ?? 0) : humanize(String(v))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div>
          <h5>Truth episodes</h5>
          {eps.length === 0 ? <p className="muted">None so far</p> : null}
          <ul className="episodes">
            {eps.map(({ ep, open }) => (
              <li key={ep.id} className={open ? 'open' : ''} data-testid="truth-episode">
                {humanize(ep.label)} ({ep.severity}) from {formatClock(ep.onsetS)}
                {ep.offsetS != null ? ` to ${formatClock(ep.offsetS)}` : open ? ' — ongoing' : ''}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
