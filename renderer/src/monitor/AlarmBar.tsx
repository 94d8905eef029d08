/**
 * The selected bed's alarms in IEC 60601-1-8 colours, each with its current value (the engine updates
 * an alarm's message every second), with acknowledge, acknowledge all and audio silence.
 */
import { useEffect, useState } from 'react';
import type { MonitorAlarm } from '../../../twin-engine/devices/index';
import { live } from '../live/live-store';
import { runCommand, useUi } from '../state/store';
import { acknowledgeAlarms } from '../station/acknowledge';
import { ALARM_COLORS, alarmChipText } from '../ui/alarm-colors';

const SILENCE_S = 120;

export function AlarmBar({ bedId }: { bedId: string }) {
  const [alarms, setAlarms] = useState<MonitorAlarm[]>([]);
  const silencedUntil = useUi((s) => s.silencedUntil[bedId] ?? -1);
  const [now, setNow] = useState(0);
  // Alarms change at human pace; poll the live store twice a second rather than per frame.
  useEffect(() => {
    const tick = () => {
      const next = live.numerics.get(bedId)?.alarms ?? [];
      setAlarms((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
      setNow(Math.floor(live.simTimeS));
    };
    tick();
    const id = setInterval(tick, 500);
    return () => clearInterval(id);
  }, [bedId]);
  const silenced = silencedUntil > now;
  const unacked = alarms.filter((a) => !a.acknowledged);
  const ackAll = () => void acknowledgeAlarms('Acknowledge all', unacked.map((a) => ({ bedId, alarmId: a.id })));
  const silence = async () => {
    await runCommand('Silence alarms', (s) => s.silenceAlarms(bedId, SILENCE_S));
    useUi.getState().silence(bedId, live.simTimeS + SILENCE_S);
  };
  return (
    <div className="alarm-bar" data-testid="alarm-bar" aria-live="polite">
      {alarms.length === 0 ? <span className="none">No active alarms</span> : null}
      {alarms.map((a) => (
        <span key={a.id} className={`alarm ${a.priority}${a.acknowledged ? ' acked' : ''}`} style={{ background: ALARM_COLORS[a.priority] }} data-testid="alarm" data-alarm-id={a.id}>
          {alarmChipText(a)}
          {!a.acknowledged && (
            <button className="small on-alarm" onClick={() => void runCommand('Acknowledge', (s) => s.acknowledgeAlarm(bedId, a.id))} aria-label={`Acknowledge ${a.message}`}>
              Ack
            </button>
          )}
        </span>
      ))}
      {unacked.length > 1 && (
        <button className="small" onClick={ackAll} data-testid="ack-all" title="Acknowledge every alarm of this bed">
          Acknowledge all ({unacked.length})
        </button>
      )}
      <button className="small" onClick={() => void silence()} disabled={silenced} data-testid="silence">
        {silenced ? `Audio paused ${Math.max(0, Math.ceil(silencedUntil - now))} s` : 'Silence 2 min'}
      </button>
    </div>
  );
}
