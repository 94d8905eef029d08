/** Patient set-up: the profile the model is built from. */
import { COMORBIDITIES } from '../../../twin-engine/physiology/types';
import { valueAt } from './doc-model';
import { useEditor } from './editor-store';
import { ContainerDiags, Field, Section } from './fields';

export function PatientSection() {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const raw = valueAt(doc, 'patient.comorbidities');
  const list = Array.isArray(raw) ? (raw as string[]) : [];
  const toggle = (c: string, on: boolean) =>
    edit((d) => {
      const next = on ? [...list, c] : list.filter((x) => x !== c);
      if (next.length === 0) {
        if (d.hasIn(['patient', 'comorbidities'])) d.deleteIn(['patient', 'comorbidities']);
      } else d.setIn(['patient', 'comorbidities'], d.createNode(next, { flow: true }));
    });
  return (
    <Section title="Patient" id="ed-patient">
      <ContainerDiags path="patient" />
      <div className="ed-grid">
        <Field path="patient.name" label="Name (fictional)" wide />
        <Field path="patient.age" label="Age" placeholder="e.g. 67 y" />
        <Field path="patient.sex" label="Sex" options={['female', 'male']} />
        <Field path="patient.height" label="Height" placeholder="e.g. 175 cm" />
        <Field path="patient.weight" label="Weight" placeholder="e.g. 78 kg" />
        <Field path="patient.skin_tone" label="Skin tone (Monk 1–10)" options={['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']} hint="Affects pulse-oximeter bias only." />
      </div>
      <fieldset className="ed-checks" data-path="patient.comorbidities">
        <legend>Comorbidities</legend>
        {COMORBIDITIES.map((c) => (
          <label key={c}>
            <input type="checkbox" checked={list.includes(c)} onChange={(e) => toggle(c, e.target.checked)} /> {c.replace(/_/g, ' ')}
          </label>
        ))}
      </fieldset>
      <ContainerDiags path="patient.comorbidities" />
      <p className="ed-hint">Unset fields use the standard adult (44 y, male, 178 cm, 77 kg).</p>
    </Section>
  );
}
