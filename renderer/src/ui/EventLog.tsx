/** The session's event stream as a readable log; student mode hides truth and instructor machinery. */
import type { SessionEvent } from '../../../twin-engine/session/api';
import { useUi } from '../state/store';
import { visibleTo } from '../state/visibility';
import { formatClock, humanize, plural } from './format';

export function describeEvent(e: SessionEvent): string | null {
  switch (e.type) {
    case 'alarm':
      return `${e.bedId}: alarm ${e.change} — ${e.alarm.priority} ${e.alarm.message}`;
    case 'episode':
      return `${e.bedId}: truth episode ${e.change} — ${humanize(e.episode.label)} (${e.episode.severity})`;
    case 'intervention':
      return `${e.bedId}: ${e.by} gave ${humanize(e.spec.kind)}${e.spec.drug ? ` (${e.spec.drug})` : ''}${e.spec.volumeMl ? ` ${e.spec.volumeMl} mL` : ''}`;
    case 'condition':
      return `${e.bedId}: ${humanize(e.spec.kind)} started by ${e.by}`;
    case 'scenario':
      return `${e.bedId}: ${e.text}`;
    case 'finding':
      return `${e.bedId}: module ${e.finding.moduleId} — ${e.finding.message}`;
    case 'module':
      return `module ${e.moduleId}: ${e.message}`;
    case 'note':
      return `${e.bedId ?? 'ward'}: note — ${e.text}`;
    case 'ward_loaded':
      return `ward loaded: ${e.ward.title} (${plural(e.ward.beds.length, 'bed')})`;
    case 'run_state':
      return null;
    case 'error':
      return `error: ${e.message}`;
    case 'lab':
      return e.change === 'ordered'
        ? `${e.bedId}: ${e.panel} ordered (result at ${formatClock(e.dueS)})`
        : `${e.bedId}: ${e.panel} result — ${e.results.map((r) => `${r.name} ${r.value}${r.unit ? ` ${r.unit}` : ''}`).join(', ')}`;
    case 'learner_action':
      return `${e.bedId}: learner — ${humanize(e.action)}`;
    default:
      return null;
  }
}

export function EventLog() {
  const events = useUi((s) => s.events);
  const role = useUi((s) => s.role);
  const lines = events
    .filter((e) => visibleTo(role, e))
    .map((e) => [e.simTimeS, describeEvent(e), e.type] as const)
    .filter((x): x is readonly [number, string, SessionEvent['type']] => x[1] !== null)
    .slice(-80)
    .reverse();
  return (
    <section className="event-log" aria-label="Event log" data-testid="event-log">
      {lines.length === 0 ? <p className="muted">No events yet</p> : null}
      <ol>
        {lines.map(([t, text, type], i) => (
          <li key={i} className={`ev-${type}`}>
            <time>{formatClock(t)}</time> {text}
          </li>
        ))}
      </ol>
    </section>
  );
}
