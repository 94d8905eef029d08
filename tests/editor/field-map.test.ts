/** Diagnostic path → form field: longest enclosing field wins; the rest go to the list. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formFieldPaths, isWithin, mapDiagnostics } from '../../renderer/src/editor/field-map';
import { parseDoc } from '../../renderer/src/editor/doc-model';
import { parseScenario, type Diagnostic } from '../../twin-engine/scenario/index';

const HEMORRHAGE = readFileSync(resolve(import.meta.dirname, '../../scenarios/hemorrhage-postop.yaml'), 'utf8');
const diag = (path: string): Diagnostic => ({ file: 'x.yaml', line: 1, column: 1, path, message: 'm' });

describe('path → field mapping', () => {
  const fields = formFieldPaths(parseDoc(HEMORRHAGE).toJS());

  it('lists the fields the form renders', () => {
    expect(fields).toContain('patient.age');
    expect(fields).toContain('timeline[0].at');
    expect(fields).toContain('timeline[0].action.start_condition.severity');
    expect(fields).toContain('expected_actions[2].within');
    expect(fields).toContain('parameters.onset.default');
  });

  it('prefix matching respects path segments', () => {
    expect(isWithin('timeline[2].action', 'timeline')).toBe(true);
    expect(isWithin('timeline[2].action', 'timeline[2]')).toBe(true);
    expect(isWithin('timeline[12]', 'timeline[1]')).toBe(false);
    expect(isWithin('patient.ages', 'patient.age')).toBe(false);
  });

  it('sends each diagnostic to the deepest enclosing field, the rest to the list', () => {
    const m = mapDiagnostics([diag('patient.age'), diag('timeline[0].action.start_condition.params.rateMlPerMin'), diag('timeline[1].action.intervention'), diag('foo'), diag('')], fields);
    expect(m.byField.get('patient.age')).toHaveLength(1);
    expect(m.byField.get('timeline[0].action.start_condition.params')).toHaveLength(1);
    expect(m.byField.get('timeline[1].action')).toHaveLength(1);
    expect(m.unmatched.map((d) => d.path)).toEqual(['foo', '']);
  });

  it("maps the validator's real diagnostics (age 900, misspelt action, unknown key)", () => {
    const bad = HEMORRHAGE.replace('age: 79 y', 'age: 900 y').replace('action: fluid_bolus', 'action: fluid_bolusx').replace('kind: scenario\n', 'kind: scenario\nflavour: mint\n');
    const r = parseScenario(bad, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const m = mapDiagnostics(r.diagnostics, formFieldPaths(parseDoc(bad).toJS()));
    expect(m.byField.get('patient.age')?.[0].message).toMatch(/between 18 y and 100 y, found '900 y'/);
    expect(m.byField.get('expected_actions[1].action')?.[0].suggestion).toBe('fluid_bolus');
    expect(m.unmatched.map((d) => d.path)).toEqual(['flavour']);
  });
});
