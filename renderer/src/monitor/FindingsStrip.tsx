/** The attached modules' latest findings for this bed, shown beside the monitor's own alarms. */
import { useMemo } from 'react';
import type { Finding } from '../../../twin-engine/session/api';
import { history } from '../state/history';
import { useUi } from '../state/store';
import { formatClock } from '../ui/format';

export function latestFindings(bedId: string, max = 3): Finding[] {
  const out: Finding[] = [];
  const all = history.all;
  for (let i = all.length - 1; i >= 0 && out.length < max; i--) {
    const e = all[i];
    if (e.type === 'finding' && e.bedId === bedId) out.push(e.finding);
  }
  return out;
}

export function FindingsStrip({ bedId }: { bedId: string }) {
  const version = useUi((s) => s.historyVersion);
  const modules = useUi((s) => s.modules);
  const findings = useMemo(() => latestFindings(bedId), [bedId, version]); // eslint-disable-line react-hooks/exhaustive-deps
  if (modules.length === 0 && findings.length === 0) return null;
  return (
    <div className="findings-strip" data-testid="findings-strip" aria-live="polite">
      <span className="findings-title">AI modules:</span>
      {findings.length === 0 ? <span className="muted-on-dark">no findings for this bed</span> : null}
      {findings.map((f, i) => (
        <span key={i} className={`finding sev-${f.severity}`} data-testid="finding">
          {formatClock(f.simTimeS)} {f.moduleId}: {f.message}
        </span>
      ))}
    </div>
  );
}
