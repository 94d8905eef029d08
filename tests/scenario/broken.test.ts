/**
 * Broken files get precise errors. Each fixture's expected output is asserted on the exact text, so
 * a regression in a message, a column or a did-you-mean shows up here.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../twin-engine/cli/validate';

const DIR = 'tests/scenario/fixtures/broken';

async function validate(file: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate([`${DIR}/${file}`], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out, err: err.join('').trimEnd().split('\n') };
}

const EXPECTED: Record<string, string[]> = {
  'bad-cohort.yaml': [
    'tests/scenario/fixtures/broken/bad-cohort.yaml:7:36: profile.age.normal.sd: expected an age like \'67 y\', found 10 (no unit)',
    'tests/scenario/fixtures/broken/bad-cohort.yaml:8:11: profile.height: expected exactly one of fixed, uniform, normal, lognormal; found uniform and normal',
    'tests/scenario/fixtures/broken/bad-cohort.yaml:10:9: parameters.onst: expected a parameter of \'scenarios/sepsis-urosepsis.yaml\' (onset, severity, progression), found \'onst\' (did you mean \'onset\'?)',
  ],
  'bad-ward.yaml': [
    'tests/scenario/fixtures/broken/bad-ward.yaml:6:15: beds[0].scenario: expected an existing scenario file, found \'../../../../scenarios/no-such-file.yaml\' (no such file: scenarios/no-such-file.yaml)',
    'tests/scenario/fixtures/broken/bad-ward.yaml:7:5: beds[1]: expected exactly one of \'scenario\' or \'patient\', found both',
    'tests/scenario/fixtures/broken/bad-ward.yaml:12:23: beds[2].params.onsett: expected a parameter the scenario declares (onset, severity, progression), found \'onsett\' (did you mean \'onset\'?)',
    'tests/scenario/fixtures/broken/bad-ward.yaml:12:41: beds[2].params.severity: expected severity between 0.3 and 1, found 2',
  ],
  'bad-yaml.yaml': [
    'tests/scenario/fixtures/broken/bad-yaml.yaml:7:3: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
  ],
  'dangling-refs.yaml': [
    'tests/scenario/fixtures/broken/dangling-refs.yaml:14:44: states.stable.transitions[0].goto: expected a declared state (stable), found \'shock\'',
    'tests/scenario/fixtures/broken/dangling-refs.yaml:16:19: triggers[0].when: expected a truth episode or declared label (hypotension, hypoxemia, tachycardia, bradycardia, atrial_fibrillation, atrial_flutter, svt, av_block, ventricular_tachycardia, ventricular_fibrillation, asystole, pea, shock, sepsis, septic_shock, respiratory_failure, hypoglycemia, hyperglycemia, cardiac_arrest, hypercapnia, fever, hypothermia), found \'episode.septic_shok\' (did you mean \'episode.septic_shock\'?)',
    'tests/scenario/fixtures/broken/dangling-refs.yaml:17:36: triggers[0].then[0].stop_condition.id: expected the id of a started condition (sepsis), found \'sepsi\' (did you mean \'sepsis\'?)',
    'tests/scenario/fixtures/broken/dangling-refs.yaml:18:17: triggers[1].when: expected a declared state (stable), found \'state.shok\'',
    'tests/scenario/fixtures/broken/dangling-refs.yaml:19:20: triggers[1].then[0].goto: expected a declared state (stable), found \'recovery\'',
  ],
  'impossible-rate.yaml': [
    "tests/scenario/fixtures/broken/impossible-rate.yaml:9:64: conditions[0].params.rhythm: expected a rhythm (sinus, sinus_bradycardia, sinus_tachycardia, atrial_fibrillation, atrial_flutter, svt, av_block_1, av_block_2_mobitz1, av_block_2_mobitz2, av_block_3, ventricular_tachycardia, ventricular_fibrillation, asystole, pea, paced), found 'atrial_fibrilation' (did you mean 'atrial_fibrillation'?)",
    "tests/scenario/fixtures/broken/impossible-rate.yaml:9:93: conditions[0].params.rateBpm: expected rateBpm between 20 and 300 /min, found '900 /min'",
    "tests/scenario/fixtures/broken/impossible-rate.yaml:12:91: timeline[0].action.start_condition.params.rateMlPerMin: expected rateMlPerMin between 0 and 5000 mL/min, found '-90 mL/min'",
  ],
  'impossible-values.yaml': [
    'tests/scenario/fixtures/broken/impossible-values.yaml:8:17: patient.age: expected an age between 18 y and 100 y, found \'250 y\'',
    'tests/scenario/fixtures/broken/impossible-values.yaml:8:32: patient.weight: expected a body weight between 35 kg and 200 kg, found \'900 kg\'',
    'tests/scenario/fixtures/broken/impossible-values.yaml:8:51: patient.skin_tone: expected a Monk skin tone between 1 and 10, found 11',
    'tests/scenario/fixtures/broken/impossible-values.yaml:10:43: conditions[0].severity: expected a severity between 0 and 1, found 1.5',
    'tests/scenario/fixtures/broken/impossible-values.yaml:13:71: timeline[0].action.intervention.dose: expected a dose between 0.001 mg and 50000 mg, found \'-4 mg\'',
    'tests/scenario/fixtures/broken/impossible-values.yaml:15:69: timeline[1].action.intervention.fio2: expected an inspired oxygen fraction between 0.21 FiO2 and 1 FiO2, found \'1.4 FiO2\'',
  ],
  'schema-types.yaml': [
    'tests/scenario/fixtures/broken/schema-types.yaml:7:19: beds[0].start_offset: expected a start offset like \'5 min\', found \'5 minutes\'; units: \'s\', \'min\', \'h\' (did you mean \'min\'?)',
    'tests/scenario/fixtures/broken/schema-types.yaml:8:5: beds[0].sead: unknown key \'sead\'; expected one of: id, label, scenario, params, patient, start_offset, seed, monitor (did you mean \'seed\'?)',
  ],
  'unknown-names.yaml': [
    'tests/scenario/fixtures/broken/unknown-names.yaml:9:13: conditions[0].kind: expected a condition kind, found \'sepsys\' (did you mean \'sepsis\'?)',
    'tests/scenario/fixtures/broken/unknown-names.yaml:12:15: timeline[0].action: expected an action (start_condition, change_condition, stop_condition, intervention, note, lab_result, goto), found \'start_conditon\' (did you mean \'start_condition\'?)',
    'tests/scenario/fixtures/broken/unknown-names.yaml:14:55: timeline[1].action.intervention.drug: expected a drug, found \'noradrenaline\' (did you mean \'norepinephrine\'?)',
    'tests/scenario/fixtures/broken/unknown-names.yaml:16:15: expected_actions[0].action: expected a learner action, found \'antibiotic\' (did you mean \'antibiotics\'?)',
    'tests/scenario/fixtures/broken/unknown-names.yaml:18:17: triggers[0].when: expected a true-state variable, found \'truth.mean_arterial\'',
  ],
  'wrong-types.yaml': [
    'tests/scenario/fixtures/broken/wrong-types.yaml:6:11: duration: expected a scenario duration like \'5 min\', found 2 (no unit) (did you mean \'2 min\'?)',
    'tests/scenario/fixtures/broken/wrong-types.yaml:7:13: objectives: expected a list, found \'Recognise sepsis\'',
    'tests/scenario/fixtures/broken/wrong-types.yaml:9:31: conditions[0].severity: expected a severity (a number), found \'high\'',
    'tests/scenario/fixtures/broken/wrong-types.yaml:11:9: timeline[0].at: expected a time like \'5 min\', found \'5 mins\'; units: \'s\', \'min\', \'h\' (did you mean \'min\'?)',
    'tests/scenario/fixtures/broken/wrong-types.yaml:12:21: timeline[0].action.note: expected a string, found 42',
    'tests/scenario/fixtures/broken/wrong-types.yaml:14:21: triggers[0].when: expected a duration on both sides of \'>\' (like \'10 min\'), found a plain number',
  ],
};

describe('broken fixtures', () => {
  it('covers every file in the folder', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const [file, lines] of Object.entries(EXPECTED)) {
    it(`${file}: exact diagnostics and a non-zero exit`, async () => {
      const r = await validate(file);
      expect(r.err).toEqual(lines);
      expect(r.out).toEqual([]);
      expect(r.code).toBe(1);
    });
  }
});
