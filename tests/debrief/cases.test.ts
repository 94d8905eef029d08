/**
 * The debrief's traced cases (issue 15): a false alert is ringed on the timeline under its own name and
 * time — the alarm's message as the monitor showed it — and listed with its code. Hand-built session:
 * bed A in shock 1000–2000 s; the monitor raises MAP_LOW at 1200 s (in the shock window: true) and SYS_LOW
 * at 3000 s (after the shock window: false); NEWS2 raises nothing. SIMULATION ONLY.
 */
import { describe, expect, it } from 'vitest';
import { compareModules } from '../../twin-engine/evaluation/session-metrics';
import type { ModuleEmit } from '../../twin-engine/evaluation/session-records';
import type { SessionEvent } from '../../twin-engine/session/api';
import { casesHtml } from '../../renderer/src/debrief/report';
import { timelineCases, timelineSvg } from '../../renderer/src/debrief/timeline';

const NEWS2: ModuleEmit[] = [{ label: 'sepsis', detects: ['sepsis', 'septic_shock', 'shock', 'respiratory_failure'] }];
const alarm = (id: string, code: string, message: string) => ({ id, code, kind: 'physiological' as const, priority: 'high' as const, message, onsetS: 0, active: true, latched: false, acknowledged: false });
const EVENTS: SessionEvent[] = [
  { type: 'episode', simTimeS: 1000, bedId: 'A', change: 'onset', episode: { id: 'e1', label: 'shock', onsetS: 1000, offsetS: null, severity: 'severe' } },
  { type: 'alarm', simTimeS: 1200, bedId: 'A', change: 'raised', alarm: alarm('MAP_LOW#1', 'MAP_LOW', 'MAP 58 < 65') },
  { type: 'alarm', simTimeS: 1500, bedId: 'A', change: 'cleared', alarm: alarm('MAP_LOW#1', 'MAP_LOW', 'MAP 58 < 65') },
  { type: 'episode', simTimeS: 2000, bedId: 'A', change: 'offset', episode: { id: 'e1', label: 'shock', onsetS: 1000, offsetS: 2000, severity: 'severe' } },
  { type: 'alarm', simTimeS: 3000, bedId: 'A', change: 'raised', alarm: alarm('SYS_LOW#1', 'SYS_LOW', 'SYS 78 < 90') },
];

describe('false alerts traced by name and time', () => {
  const metrics = compareModules(['A'], EVENTS, 3600, [{ moduleId: 'news2', emits: NEWS2 }]);
  it('the monitor\'s SYS_LOW at 3000 s is its one false alert, ringed with the alarm\'s own text', () => {
    expect(metrics[0].cases.monitor.falseAlerts).toEqual([{ bedId: 'A', tS: 3000, code: 'SYS_LOW' }]);
    const cases = timelineCases(metrics);
    // NEWS2 found nothing: it missed the shock episode (outlined at its onset, 1000 s).
    expect(cases).toEqual([
      { kind: 'missed', bedId: 'A', label: 'shock', tS: 1000, source: 'news2' },
      { kind: 'false', bedId: 'A', label: 'SYS_LOW', tS: 3000, source: 'bedside monitor', lane: 'alarms' },
    ]);
    const svg = timelineSvg('A', 'Bed A', EVENTS, { showTruth: true, endS: 3600, cases });
    const ring = /<g data-case="false">.*?<\/g>/.exec(svg)?.[0] ?? '';
    // 3000 s = 0:50:00; the raised alarm's mark reads "high: SYS 78 < 90".
    expect(ring).toContain('<title>0:50:00 false alert (bedside monitor): high: SYS 78 &lt; 90</title>');
    expect(casesHtml(metrics)).toContain('<li>false alert SYS_LOW on A at 0:50:00 (near no episode it claims)</li>');
  });
  it('without its own mark in the events the ring falls back to the code', () => {
    const svg = timelineSvg('A', 'Bed A', EVENTS.slice(0, 4), { showTruth: true, endS: 3600, cases: timelineCases(metrics) });
    expect(svg).toContain('<title>0:50:00 false alert (bedside monitor): SYS_LOW</title>');
  });
});
