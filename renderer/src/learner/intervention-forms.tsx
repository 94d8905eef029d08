/**
 * Forms that build an InterventionSpec (oxygen, fluids, drugs, procedures) and send it with
 * applyIntervention. The engine validates; its error text is shown as is (it names what is missing).
 */
import { useState } from 'react';
import { DRUG_IDS, FLUIDS, OXYGEN_DEVICES, POSITIONS, type DrugId, type InterventionSpec } from '../../../twin-engine/scenario/vocab';
import { bolusProblemInWords, doseFields, doseUnitsFor, FORMULARY } from '../../../twin-engine/physiology/formulary';
import { DRUG_LIMITS } from '../../../twin-engine/physiology/intervention-params';
import { useUi } from '../state/store';
import { Field, NumberInput, Select, Status, useCommand } from '../ui/forms';

type By = 'learner' | 'instructor';

function useGive(by: By) {
  const cmd = useCommand();
  const give = (spec: InterventionSpec, what: string) => {
    const { session, selectedBedId } = useUi.getState();
    if (!session || !selectedBedId) return;
    return cmd.run(`${what} given to ${selectedBedId}`, () => session.applyIntervention(selectedBedId, spec, by));
  };
  return { ...cmd, give };
}

export function OxygenForm({ by }: { by: By }) {
  const [device, setDevice] = useState<(typeof OXYGEN_DEVICES)[number]>('nasal_cannula');
  const [flow, setFlow] = useState(2);
  const c = useGive(by);
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void c.give({ kind: 'oxygen', device, flowLPerMin: flow }, 'Oxygen'))} aria-label="Oxygen">
      <h4>Oxygen</h4>
      <div className="row">
        <Field label="Device">{(id) => <Select id={id} value={device} options={OXYGEN_DEVICES} onChange={setDevice} />}</Field>
        <Field label="Flow (L/min)">{(id) => <NumberInput id={id} value={flow} onChange={setFlow} min={0} max={60} />}</Field>
        <button type="submit" disabled={c.busy} data-testid="give-oxygen">
          Give oxygen
        </button>
      </div>
      <Status error={c.error} done={c.done} />
    </form>
  );
}

const FLUID_KINDS = ['fluid_bolus', 'fluid_infusion', 'blood_transfusion'] as const;

export function FluidForm({ by }: { by: By }) {
  const [kind, setKind] = useState<(typeof FLUID_KINDS)[number]>('fluid_bolus');
  const [fluid, setFluid] = useState<(typeof FLUIDS)[number]>('crystalloid');
  const [volume, setVolume] = useState(500);
  const [rate, setRate] = useState(1000);
  const c = useGive(by);
  const spec = (): InterventionSpec =>
    kind === 'fluid_infusion'
      ? { kind, fluid, rateMlPerH: rate, volumeMl: volume }
      : kind === 'blood_transfusion'
        ? { kind, fluid: 'blood', volumeMl: volume }
        : { kind, fluid, volumeMl: volume };
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void c.give(spec(), 'Fluids'))} aria-label="Fluids">
      <h4>Fluids</h4>
      <div className="row">
        <Field label="Kind">{(id) => <Select id={id} value={kind} options={FLUID_KINDS} onChange={setKind} />}</Field>
        {kind !== 'blood_transfusion' && <Field label="Fluid">{(id) => <Select id={id} value={fluid} options={FLUIDS} onChange={setFluid} />}</Field>}
        <Field label="Volume (mL)">{(id) => <NumberInput id={id} value={volume} onChange={setVolume} min={0} max={5000} step={50} />}</Field>
        {kind === 'fluid_infusion' && <Field label="Rate (mL/h)">{(id) => <NumberInput id={id} value={rate} onChange={setRate} min={0} max={5000} />}</Field>}
        <button type="submit" disabled={c.busy} data-testid="give-fluids">
          Give fluids
        </button>
      </div>
      <Status error={c.error} done={c.done} />
    </form>
  );
}

type RateUnit = 'mcg/kg/min' | 'units/h';
type DrugMode = 'drug_bolus' | 'drug_infusion' | 'stop_infusion';

/** Choosing a drug fills in its usual dose, unit, route and mode from the engine's formulary (issue 15). */
function usualOf(drug: DrugId) {
  const f = FORMULARY[drug];
  return {
    mode: (f.usual === 'infusion' ? 'drug_infusion' : 'drug_bolus') as DrugMode,
    dose: f.bolus.dose,
    unit: f.bolus.unit,
    route: f.bolus.route,
    rate: f.infusion?.rate ?? 0,
    rateUnit: (f.infusion?.unit ?? 'mcg/kg/min') as RateUnit,
  };
}

export function DrugForm({ by }: { by: By }) {
  const [drug, setDrug] = useState<DrugId>('naloxone');
  const [v, setV] = useState(() => usualOf('naloxone'));
  const set = (patch: Partial<typeof v>) => setV((o) => ({ ...o, ...patch }));
  const { mode, dose, unit, route, rate, rateUnit } = v;
  const f = FORMULARY[drug];
  const routes = DRUG_LIMITS[drug].routes;
  const c = useGive(by);
  const spec = (): InterventionSpec => {
    if (mode === 'stop_infusion') return { kind: 'stop_infusion', drug };
    if (mode === 'drug_infusion') return rateUnit === 'units/h' ? { kind: mode, drug, route, rateUnitsPerH: rate } : { kind: mode, drug, route, rateMcgPerKgPerMin: rate };
    return { kind: mode, drug, route, ...doseFields(dose, unit) };
  };
  const submit = () => {
    // A bolus the engine would refuse is said in the user's words (their unit, the usual dose) before sending.
    const problem = mode === 'drug_bolus' ? bolusProblemInWords(drug, dose, unit, route) : null;
    if (problem) return void c.run('', () => Promise.reject(new Error(problem)));
    void c.give(spec(), f.name);
  };
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), submit())} aria-label="Drugs">
      <h4>Drugs</h4>
      <div className="row">
        <Field label="Drug">
          {(id) => (
            <Select
              id={id}
              value={drug}
              options={DRUG_IDS.map((d) => ({ value: d, label: FORMULARY[d].name }))}
              onChange={(d) => {
                setDrug(d);
                setV(usualOf(d));
              }}
            />
          )}
        </Field>
        <Field label="Give as">
          {(id) => (
            <Select
              id={id}
              value={mode}
              options={[
                { value: 'drug_bolus', label: 'bolus' },
                { value: 'drug_infusion', label: 'infusion' },
                { value: 'stop_infusion', label: 'stop infusion' },
              ]}
              onChange={(m) => set({ mode: m })}
            />
          )}
        </Field>
        {mode === 'drug_bolus' && (
          <>
            <Field label="Dose">{(id) => <NumberInput id={id} value={dose} onChange={(x) => set({ dose: x })} min={0} />}</Field>
            <Field label="Unit">{(id) => <Select id={id} value={unit} options={doseUnitsFor(drug)} onChange={(u) => set({ unit: u })} />}</Field>
          </>
        )}
        {mode === 'drug_infusion' && (
          <>
            <Field label="Rate">{(id) => <NumberInput id={id} value={rate} onChange={(x) => set({ rate: x })} min={0} />}</Field>
            <Field label="Rate unit">{(id) => <Select id={id} value={rateUnit} options={drug === 'insulin' ? (['units/h'] as const) : (['mcg/kg/min'] as const)} onChange={(u) => set({ rateUnit: u })} />}</Field>
          </>
        )}
        {mode !== 'stop_infusion' && <Field label="Route">{(id) => <Select id={id} value={route} options={routes} onChange={(r) => set({ route: r })} label={(r) => r.toUpperCase()} />}</Field>}
        <button type="submit" disabled={c.busy} data-testid="give-drug">
          {mode === 'stop_infusion' ? 'Stop' : 'Give drug'}
        </button>
      </div>
      <p className="hint" data-testid="drug-usual">
        Usual: {f.bolus.dose} {f.bolus.unit} {f.bolus.route.toUpperCase()}
        {f.infusion ? `; infusion from ${f.infusion.rate} ${f.infusion.unit}` : ''} — {f.for}.
      </p>
      <Status error={c.error} done={c.done} />
    </form>
  );
}

const PROCEDURES = ['positioning', 'hemorrhage_control', 'needle_decompression', 'intubation', 'extubation', 'defibrillation', 'cardioversion', 'pacing', 'cpr_start', 'cpr_stop'] as const;
type Procedure = (typeof PROCEDURES)[number];

export function ProcedureForm({ by }: { by: By }) {
  const [kind, setKind] = useState<Procedure>('positioning');
  const [position, setPosition] = useState<(typeof POSITIONS)[number]>('legs_raised');
  const [energy, setEnergy] = useState(150);
  const [pacing, setPacing] = useState(70);
  const c = useGive(by);
  const spec = (): InterventionSpec =>
    kind === 'positioning'
      ? { kind, position }
      : kind === 'defibrillation' || kind === 'cardioversion'
        ? { kind, energyJ: energy }
        : kind === 'pacing'
          ? { kind, pacingRateBpm: pacing }
          : { kind };
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void c.give(spec(), 'Procedure'))} aria-label="Procedures">
      <h4>Procedures</h4>
      <div className="row">
        <Field label="Procedure">{(id) => <Select id={id} value={kind} options={PROCEDURES} onChange={setKind} />}</Field>
        {kind === 'positioning' && <Field label="Position">{(id) => <Select id={id} value={position} options={POSITIONS} onChange={setPosition} />}</Field>}
        {(kind === 'defibrillation' || kind === 'cardioversion') && <Field label="Energy (J)">{(id) => <NumberInput id={id} value={energy} onChange={setEnergy} min={0} max={360} />}</Field>}
        {kind === 'pacing' && <Field label="Rate (/min)">{(id) => <NumberInput id={id} value={pacing} onChange={setPacing} min={30} max={180} />}</Field>}
        <button type="submit" disabled={c.busy} data-testid="give-procedure">
          Do it
        </button>
      </div>
      <Status error={c.error} done={c.done} />
    </form>
  );
}
