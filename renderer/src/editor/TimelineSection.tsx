/** Conditions at t = 0 and the timed actions: the to-scale SVG above, each item's editor below. */
import { useState } from 'react';
import { ACTION_LABELS, ACTION_TYPES, newAction, type ActionType } from './action-fields';
import { ActionBody, ActionEditor } from './ActionEditor';
import type { Document } from 'yaml';
import { appendAt, deleteAt, durationSeconds, formatDuration, lengthAt, valueAt } from './doc-model';
import { useEditor } from './editor-store';
import { ContainerDiags, Field, Section } from './fields';
import { TimelineSvg } from './TimelineSvg';

export function TimelineSection() {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const [selected, setSelected] = useState<string | null>(null);
  const nCond = lengthAt(doc, 'conditions');
  const nTime = lengthAt(doc, 'timeline');
  const select = (path: string) => {
    setSelected(path);
    document.getElementById(`item-${path}`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  const add = (t: ActionType) => {
    let i = 0;
    edit((d) => (i = appendAt(d, 'timeline', { at: '10 min', action: newAction(t) })));
    setSelected(`timeline[${i}]`);
  };
  return (
    <Section title="Timeline" id="ed-timeline">
      <p className="ed-hint">Drag a marker (or select it and press ←/→) to change when it happens. Conditions listed at 0 start with the scenario.</p>
      <TimelineSvg selected={selected} onSelect={select} />
      <div className="ed-add-row">
        Add at 10 min:
        {ACTION_TYPES.map((t) => (
          <button key={t} type="button" className="small" onClick={() => add(t)}>
            + {ACTION_LABELS[t].replace(/ \(.*\)$/, '')}
          </button>
        ))}
      </div>
      <ContainerDiags path="conditions" />
      <ContainerDiags path="timeline" />
      {Array.from({ length: nCond }, (_, i) => (
        <Item key={`c${i}`} path={`conditions[${i}]`} selected={selected === `conditions[${i}]`} onSelect={setSelected} title="At start (0 min)" onRemove={() => edit((d) => deleteAt(d, `conditions[${i}]`))}>
          <ActionBody path={`conditions[${i}]`} type="start_condition" />
        </Item>
      ))}
      {Array.from({ length: nTime }, (_, i) => (
        <Item key={`t${i}`} path={`timeline[${i}]`} selected={selected === `timeline[${i}]`} onSelect={setSelected} onRemove={() => edit((d) => deleteAt(d, `timeline[${i}]`))}>
          <Field path={`timeline[${i}].at`} label="At" optional={false} placeholder="e.g. 15 min or $onset" hint={atHint(doc, i)} />
          <ActionEditor path={`timeline[${i}].action`} />
        </Item>
      ))}
      <button type="button" className="small" onClick={() => edit((d) => appendAt(d, 'conditions', { kind: 'sepsis', severity: 0.5 }))}>
        + Condition at start
      </button>
    </Section>
  );
}

function Item(props: { path: string; selected: boolean; onSelect: (p: string) => void; title?: string; onRemove: () => void; children: React.ReactNode }) {
  return (
    <div id={`item-${props.path}`} className={`ed-item${props.selected ? ' selected' : ''}`} onFocus={() => props.onSelect(props.path)} data-item={props.path}>
      <div className="ed-item-head">
        <span>{props.title ?? props.path.replace(/^timeline\[(\d+)\]$/, (_, n) => `Event ${Number(n) + 1}`)}</span>
        <button type="button" className="small ghost" onClick={props.onRemove} aria-label={`Remove ${props.path}`}>
          Remove
        </button>
      </div>
      <ContainerDiags path={props.path} />
      {props.children}
    </div>
  );
}

/** `$onset` means little on its own: say what it resolves to and where to change it. */
function atHint(doc: Document, i: number): string | undefined {
  const at = valueAt(doc, `timeline[${i}].at`);
  if (typeof at !== 'string' || !at.trim().startsWith('$')) return undefined;
  const s = durationSeconds(doc, at);
  return s === null ? undefined : `= ${formatDuration(s)} (the parameter's default, under Scenario → Parameters; a ward bed may override it)`;
}
