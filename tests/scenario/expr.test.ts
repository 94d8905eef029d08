import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseCondition, parseQuantity, parseScenario } from '../../twin-engine/scenario/index';
import { EXPR_VOCAB } from '../../twin-engine/scenario/scenario-schema';
import { HEADER } from './helpers';

const err = (src: string) => {
  const r = parseCondition(src, EXPR_VOCAB);
  if (r.ok) throw new Error(`expected an error for ${src}`);
  return `${r.offset}: ${r.message}${r.suggestion ? ` (did you mean '${r.suggestion}'?)` : ''}`;
};

describe('condition expressions', () => {
  it('parses the documented forms', () => {
    for (const src of [
      'truth.map_mmhg < 65 for 2 min',
      'measured.spo2 < 90',
      'action.antibiotics given',
      'elapsed > 10 min',
      'truth.hr_bpm / truth.sbp_mmhg > 1.0 and not action.fluids given',
      '(episode.sepsis or state.shock) and state_time >= 90 s',
      'start',
    ]) {
      const r = parseCondition(src, EXPR_VOCAB);
      expect(r.ok, src).toBe(true);
    }
    const r = parseCondition('truth.map_mmhg < 65 for 2 min', EXPR_VOCAB);
    expect(r.ok && r.value.forS).toBe(120);
    expect(r.ok && r.value.expr).toMatchObject({ t: 'cmp', op: '<', a: { t: 'truth', key: 'mapMmHg' }, b: { t: 'num', v: 65 } });
    const m = parseCondition('measured.spo2 < 90', EXPR_VOCAB);
    expect(m.ok && m.value.expr).toMatchObject({ a: { t: 'measured', key: 'spo2Pct' } });
  });

  it('reports errors at the offending column with suggestions', () => {
    expect(err('truth.map_mmhg < 65 fr 2 min')).toBe("20: expected 'and', 'or', 'for' or the end of the expression, found 'fr' (did you mean 'for'?)");
    expect(err('truth.map_mmgh < 65')).toBe("6: expected a true-state variable, found 'truth.map_mmgh' (did you mean 'truth.map_mmhg'?)");
    expect(err('elapsed > 10')).toBe("10: expected a duration on both sides of '>' (like '10 min'), found a plain number");
    expect(err('elapsed > 10 mins')).toBe(
      "13: expected a duration unit (s, min, h) after 10, found 'mins'; other quantities take the unit from the variable name (truth.map_mmhg < 65) (did you mean 'min'?)",
    );
    expect(err('action.antibiotic given')).toBe("7: expected a learner action, found 'action.antibiotic' (did you mean 'action.antibiotics'?)");
    expect(err('truth.map_mmhg = 65')).toBe("15: expected '==' for equality, found '=' (did you mean '=='?)");
    expect(err('truth.map_mmhg < 65 for 2')).toBe("24: expected a duration like '2 min' after 'for', found 2 (no unit) (did you mean '2 min'?)");
    expect(err('truth.map_mmhg')).toBe("0: expected a condition (true or false), found a number; compare it, e.g. 'truth.map_mmhg > …'");
    expect(err('(truth.map_mmhg < 65')).toBe("20: expected ')', found the end of the expression");
    expect(err('measured.sp < 90')).toBe("9: expected a measured variable, found 'measured.sp'");
    expect(err('truth.pa < 20')).toBe("6: 'truth.pa' is ambiguous: truth.pa_sys_mmhg, truth.pa_dia_mmhg, truth.pa_mean_mmhg");
    expect(err('truth.map < 65 mmHg')).toBe(
      "15: expected a duration unit (s, min, h) after 65, found 'mmHg'; other quantities take the unit from the variable name (truth.map_mmhg < 65)",
    );
    expect(err('foo > 3')).toBe("0: expected a value (a number, truth.…, measured.…, action.…, episode.…, state.…, elapsed), found 'foo'");
  });

  it('maps inner columns to file columns for plain and quoted scalars', () => {
    const text = `${HEADER}triggers:
  - when: truth.map_mmhg < 65 fr 2 min
    then: [{ note: a }]
  - when: "elapsed > 10"
    then: [{ note: b }]
`;
    const r = parseScenario(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "x.yaml:9:31: triggers[0].when: expected 'and', 'or', 'for' or the end of the expression, found 'fr' (did you mean 'for'?)",
      "x.yaml:11:22: triggers[1].when: expected a duration on both sides of '>' (like '10 min'), found a plain number",
    ]);
  });
});

describe('quantities', () => {
  it('converts units to the base unit', () => {
    expect(parseQuantity('90 mL/min', 'volumeRate')).toEqual({ ok: true, value: 5400, unit: 'mL/min' });
    expect(parseQuantity('2 h', 'duration')).toMatchObject({ value: 7200 });
    expect(parseQuantity('0.4 FiO2', 'fio2')).toMatchObject({ value: 0.4 });
    expect(parseQuantity('40 %', 'fio2')).toMatchObject({ value: 0.4 });
    expect(parseQuantity('50 mcg', 'mass')).toMatchObject({ value: 0.05 });
    expect(parseQuantity('38.5 C', 'temperature')).toMatchObject({ value: 38.5 });
    expect(parseQuantity('4 mmol/L', 'glucose')).toMatchObject({ value: 72 });
  });
  it('explains bad units', () => {
    expect(parseQuantity('5 mins', 'duration')).toEqual({ ok: false, message: "expected a duration like '5 min', found '5 mins'; units: 's', 'min', 'h'", suggestion: 'min' });
    expect(parseQuantity('1000 ml', 'volume')).toEqual({ ok: false, message: "expected a volume like '1000 mL', found '1000 ml'; units: 'mL', 'L'", suggestion: 'mL' });
    expect(parseQuantity('five min', 'duration')).toEqual({ ok: false, message: "expected a duration like '5 min', found 'five min'" });
  });
});
