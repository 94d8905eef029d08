/**
 * The selected bed's monitor: header, alarms, sweep traces and numerics. `full` is the 2D bedside
 * monitor view (all traces, trends); the compact form sits beside the 3D ward.
 */
import { useEffect, useState } from 'react';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { bedSubtitle } from '../ui/format';
import { AlarmBar } from './AlarmBar';
import { AlarmLimitsForm } from './AlarmLimitsForm';
import { FindingsStrip } from './FindingsStrip';
import { NumericsColumn } from './NumericsColumn';
import { SweepCanvas } from './SweepCanvas';
import { TRACES } from './traces';
import { TrendPlot } from './TrendPlot';

const COMPACT_TRACES = TRACES.filter((t) => t.channel === 'ecg_ii' || t.channel === 'art' || t.channel === 'pleth');

export function MonitorPanel({ full = false }: { full?: boolean }) {
  const session = useUi((s) => s.session);
  const ward = useUi((s) => s.ward);
  const bedId = useUi((s) => s.selectedBedId);
  const role = useUi((s) => s.role);
  const [limitsOpen, setLimitsOpen] = useState(false);
  useEffect(() => {
    if (!session || !bedId) return;
    // ECG and respiration of every bed are already streamed ward-wide (session/wire.ts).
    const sub = session.waveforms({ bedId, channels: ['art', 'pleth', 'co2'] }).subscribe((c) => live.onWaveform(c));
    return () => sub.unsubscribe();
  }, [session, bedId]);
  const bed = ward?.beds.find((b) => b.bedId === bedId);
  if (!bed) return <section className="monitor">Select a bed</section>;
  return (
    <section className={`monitor${full ? ' full' : ''}`} aria-label={`Monitor of ${bed.label}`} data-testid="monitor-panel">
      <header>
        <strong>{bed.label}</strong> <span className="muted-on-dark">{bedSubtitle(bed, role)}</span>
        <button className="small limits-toggle" aria-expanded={limitsOpen} onClick={() => setLimitsOpen((o) => !o)} data-testid="alarm-limits-toggle">
          Alarm limits
        </button>
      </header>
      {limitsOpen && <AlarmLimitsForm key={bed.bedId} bed={bed} onClose={() => setLimitsOpen(false)} />}
      <AlarmBar bedId={bed.bedId} />
      <FindingsStrip bedId={bed.bedId} />
      <div className="monitor-body">
        <SweepCanvas bedId={bed.bedId} traces={full ? TRACES : COMPACT_TRACES} height={full ? 460 : 270} />
        <NumericsColumn bedId={bed.bedId} compact={!full} />
      </div>
      {full && <TrendPlot bedId={bed.bedId} height={170} />}
    </section>
  );
}
