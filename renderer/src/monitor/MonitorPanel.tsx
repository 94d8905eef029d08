/** The selected bed's monitor: sweep traces, numerics, and its alarms with acknowledge / silence. */
import { useEffect, useState } from 'react';
import type { MonitorAlarm } from '../../../twin-engine/devices/index';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { NumericsColumn } from './NumericsColumn';
import { SweepCanvas } from './SweepCanvas';

function AlarmBar({ bedId }: { bedId: string }) {
  const session = useUi((s) => s.session);
  const [alarms, setAlarms] = useState<MonitorAlarm[]>([]);
  // Alarms change at human pace; poll the live store twice a second rather than per frame.
  useEffect(() => {
    const id = setInterval(() => {
      const next = live.numerics.get(bedId)?.alarms ?? [];
      setAlarms((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    }, 500);
    return () => clearInterval(id);
  }, [bedId]);
  if (alarms.length === 0) return <div className="alarm-bar none">No active alarms</div>;
  return (
    <div className="alarm-bar" data-testid="alarm-bar">
      {alarms.map((a) => (
        <span key={a.id} className={`alarm ${a.priority}`} style={{ background: ALARM_COLORS[a.priority] }}>
          {a.priority.toUpperCase()}: {a.message}
          {!a.acknowledged && (
            <button onClick={() => void session?.acknowledgeAlarm(bedId, a.id)} aria-label={`Acknowledge ${a.message}`}>
              Ack
            </button>
          )}
        </span>
      ))}
      <button onClick={() => void session?.silenceAlarms(bedId, 120)}>Silence 2 min</button>
    </div>
  );
}

export function MonitorPanel() {
  const session = useUi((s) => s.session);
  const ward = useUi((s) => s.ward);
  const bedId = useUi((s) => s.selectedBedId);
  useEffect(() => {
    if (!session || !bedId) return;
    const sub = session.waveforms({ bedId }).subscribe((c) => live.onWaveform(c));
    return () => sub.unsubscribe();
  }, [session, bedId]);
  const bed = ward?.beds.find((b) => b.bedId === bedId);
  if (!bed) return <section className="monitor">Select a bed</section>;
  return (
    <section className="monitor" aria-label={`Monitor of ${bed.label}`} data-testid="monitor-panel">
      <header>
        <strong>{bed.label}</strong> — {bed.scenarioTitle ?? 'stable patient'} · {bed.profile.ageY} y {bed.profile.sex},{' '}
        {bed.profile.weightKg} kg
      </header>
      <AlarmBar bedId={bed.bedId} />
      <div className="monitor-body">
        <SweepCanvas bedId={bed.bedId} />
        <NumericsColumn bedId={bed.bedId} />
      </div>
    </section>
  );
}
