/** The session's event stream as a readable log (scenario events, interventions, alarms, findings). */
import type { SessionEvent } from '../../../twin-engine/session/api';
import { useUi } from '../state/store';
import { formatClock } from './Toolbar';

export function describeEvent(e: SessionEvent): string | null {
  switch (e.type) {
    case 'alarm':
      return `${e.bedId}: alarm ${e.change} — ${e.alarm.priority} ${e.alarm.message}`;
    case 'episode':
      return null; // truth: not shown in the student log
    case 'intervention':
      return `${e.bedId}: ${e.by} gave ${e.spec.kind}${e.spec.drug ? ` (${e.spec.drug})` : ''}`;
    case 'condition':
      return `${e.bedId}: ${e.spec.kind} started by ${e.by}`;
    case 'scenario':
      return `${e.bedId}: ${e.text}`;
    case 'finding':
      return `${e.bedId}: module ${e.finding.moduleId} — ${e.finding.message}`;
    case 'module':
      return `module ${e.moduleId}: ${e.message}`;
    case 'note':
      return `${e.bedId ?? 'ward'}: note — ${e.text}`;
    case 'ward_loaded':
      return `ward loaded: ${e.ward.title} (${e.ward.beds.length} beds)`;
    case 'run_state':
      return null;
    case 'error':
      return `error: ${e.message}`;
  }
}

export function EventLog() {
  const events = useUi((s) => s.events);
  const lines = events
    .map((e) => [e.simTimeS, describeEvent(e)] as const)
    .filter((x): x is readonly [number, string] => x[1] !== null)
    .slice(-60)
    .reverse();
  return (
    <section className="event-log" aria-label="Event log" data-testid="event-log">
      {lines.length === 0 ? <p className="muted">No events yet</p> : null}
      <ol>
        {lines.map(([t, text], i) => (
          <li key={i}>
            <time>{formatClock(t)}</time> {text}
          </li>
        ))}
      </ol>
    </section>
  );
}
