/** Instructor controls on the selected bed: inject a condition, jump to a named state, artifacts, notes. */
import { useState } from 'react';
import { ARTIFACT_KINDS, type ArtifactSettings } from '../../../twin-engine/devices/index';
import { CONDITION_KINDS, type ConditionKind } from '../../../twin-engine/scenario/vocab';
import { useUi } from '../state/store';
import { BedSelect, Field, NumberInput, Select, Status, useCommand } from '../ui/forms';
import { humanize } from '../ui/format';

const sessionOf = () => useUi.getState().session;

export function ConditionForm() {
  const bedId = useUi((s) => s.selectedBedId) ?? '';
  const [kind, setKind] = useState<ConditionKind>('hemorrhage');
  const [severity, setSeverity] = useState(0.8);
  const [rampMin, setRampMin] = useState(10);
  const c = useCommand();
  const inject = () => c.run(`${humanize(kind)} injected into ${bedId}`, async () => sessionOf()?.injectCondition(bedId, { kind, severity, rampS: rampMin * 60 }));
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void inject())} aria-label="Inject a condition">
      <h4>Inject a condition</h4>
      <div className="row">
        <Field label="Condition">{(id) => <Select id={id} value={kind} options={CONDITION_KINDS} onChange={setKind} />}</Field>
        <Field label={`Severity ${severity.toFixed(2)}`}>
          {(id) => <input id={id} type="range" min={0.05} max={1} step={0.05} value={severity} onChange={(e) => setSeverity(e.target.valueAsNumber)} />}
        </Field>
        <Field label="Ramp (min)">{(id) => <NumberInput id={id} value={rampMin} onChange={setRampMin} min={0} max={360} />}</Field>
        <button type="submit" disabled={c.busy || !bedId} data-testid="inject-condition">
          Inject
        </button>
      </div>
      <Status error={c.error} done={c.done} />
    </form>
  );
}

export function JumpToStateForm() {
  const bed = useUi((s) => s.ward?.beds.find((b) => b.bedId === s.selectedBedId));
  const [state, setState] = useState('');
  const c = useCommand();
  if (!bed) return null;
  const states = bed.states;
  const chosen = states.includes(state) ? state : (states[0] ?? '');
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void c.run(`${bed.label} jumped to ${chosen}`, async () => sessionOf()?.jumpToState(bed.bedId, chosen)))} aria-label="Jump to a state">
      <h4>Jump to a named state</h4>
      {states.length === 0 ? (
        <p className="muted">{bed.scenarioTitle ? 'This scenario has no named states.' : 'No scenario on this bed.'}</p>
      ) : (
        <div className="row">
          <Field label="State">{(id) => <Select id={id} value={chosen} options={states} onChange={setState} />}</Field>
          <button type="submit" disabled={c.busy}>
            Jump
          </button>
        </div>
      )}
      <Status error={c.error} done={c.done} />
    </form>
  );
}

export function ArtifactsForm() {
  const bedId = useUi((s) => s.selectedBedId) ?? '';
  const [byBed, setByBed] = useState<Record<string, ArtifactSettings>>({});
  const settings = byBed[bedId] ?? {};
  const c = useCommand();
  const set = (k: (typeof ARTIFACT_KINDS)[number], v: number) => setByBed((m) => ({ ...m, [bedId]: { ...settings, [k]: v } }));
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void c.run(`Artifacts set on ${bedId}`, async () => sessionOf()?.setArtifacts(bedId, settings)))} aria-label="Artifacts">
      <h4>Artifacts on this bed</h4>
      <div className="grid-2">
        {ARTIFACT_KINDS.map((k) => (
          <Field key={k} label={`${humanize(k)} ${(settings[k] ?? 0).toFixed(1)}`}>
            {(id) => <input id={id} type="range" min={0} max={1} step={0.1} value={settings[k] ?? 0} onChange={(e) => set(k, e.target.valueAsNumber)} />}
          </Field>
        ))}
      </div>
      <button type="submit" disabled={c.busy || !bedId}>
        Apply artifacts
      </button>
      <Status error={c.error} done={c.done} />
    </form>
  );
}

export function NoteForm() {
  const selected = useUi((s) => s.selectedBedId) ?? '';
  const [bedId, setBedId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const c = useCommand();
  const target = bedId ?? selected;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        void c.run('Note added', async () => {
          await sessionOf()?.addNote(target || null, text.trim());
          setText('');
        });
      }}
      aria-label="Add a note"
    >
      <h4>Note</h4>
      <div className="row">
        <Field label="For">{(id) => <BedSelect id={id} value={target} onChange={setBedId} allowWard />}</Field>
        <Field label="Text">{(id) => <input id={id} type="text" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. Relative asks to speak to a doctor" />}</Field>
        <button type="submit" disabled={c.busy}>
          Add
        </button>
      </div>
      <Status error={c.error} done={c.done} />
    </form>
  );
}
