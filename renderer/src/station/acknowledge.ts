/**
 * Acknowledging several alarms at once (a bed's "Acknowledge all", the central station's ward-wide one):
 * one session acknowledgement per alarm, so each is audited and journalled like a click on its own Ack.
 * The engine ignores an alarm that has gone meanwhile.
 */
import type { MonitorAlarm } from '../../../twin-engine/devices/index';
import { live } from '../live/live-store';
import { runCommand } from '../state/store';

export interface AlarmRef {
  bedId: string;
  alarmId: string;
}

/** The unacknowledged alarms of these beds as the live store holds them now (what the screen shows). */
export function unacknowledged(bedIds: readonly string[]): AlarmRef[] {
  const out: AlarmRef[] = [];
  for (const bedId of bedIds) for (const a of live.numerics.get(bedId)?.alarms ?? ([] as readonly MonitorAlarm[])) if (!a.acknowledged) out.push({ bedId, alarmId: a.id });
  return out;
}

export function acknowledgeAlarms(what: string, alarms: readonly AlarmRef[]): Promise<void> {
  return runCommand(what, async (s) => {
    for (const a of alarms) await s.acknowledgeAlarm(a.bedId, a.alarmId);
  }).then(() => undefined);
}
