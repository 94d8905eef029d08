/** The side panel's tabs (learner, labs, modules, instructor, events) as an accessible tab list. */
import type { ReactNode } from 'react';
import { useUi, type SideTab } from '../state/store';

export function SideTabs({ panels }: { panels: { id: SideTab; label: string; render(): ReactNode; hidden?: boolean }[] }) {
  const tab = useUi((s) => s.sideTab);
  const setTab = useUi((s) => s.setSideTab);
  const shown = panels.filter((p) => !p.hidden);
  const current = shown.find((p) => p.id === tab) ?? shown[0];
  return (
    <div className="side-tabs">
      <div role="tablist" aria-label="Panels" className="tablist">
        {shown.map((p) => (
          <button
            key={p.id}
            role="tab"
            id={`tab-${p.id}`}
            aria-selected={p.id === current.id}
            aria-controls={`panel-${p.id}`}
            className={p.id === current.id ? 'on' : ''}
            onClick={() => setTab(p.id)}
            data-testid={`tab-${p.id}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="tabpanel">
        {current.render()}
      </div>
    </div>
  );
}
