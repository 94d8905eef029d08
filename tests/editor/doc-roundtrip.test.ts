/** The editor edits the yaml Document in place: comments, key order and style survive edits. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAt, deleteAt, durationSeconds, formatDuration, formatPath, moveAt, parseDoc, parsePath, scalarFromInput, serialize, setAt, textAt, valueAt } from '../../renderer/src/editor/doc-model';
import { parseScenario } from '../../twin-engine/scenario/index';

const HEMORRHAGE = readFileSync(resolve(import.meta.dirname, '../../scenarios/hemorrhage-postop.yaml'), 'utf8');

describe('Document round-trip', () => {
  it('re-serialises an untouched library file byte for byte', () => {
    for (const f of ['hemorrhage-postop.yaml', 'sepsis-pneumonia-branching.yaml', 'wards/default.yaml']) {
      const text = readFileSync(resolve(import.meta.dirname, '../../scenarios', f), 'utf8');
      expect(serialize(parseDoc(text))).toBe(text);
    }
  });

  it('keeps comments, key order and flow style when a field is edited', () => {
    const src = HEMORRHAGE.replace('  age: 79 y\n', '  age: 79 y # checked with the ward team\n').replace('patient:\n', '# the patient, by hand\npatient:\n');
    const doc = parseDoc(src);
    setAt(doc, 'patient.age', '81 y');
    setAt(doc, 'timeline[0].action.start_condition.params.rateMlPerMin', '20 mL/min');
    const out = serialize(doc);
    expect(out).toContain('age: 81 y # checked with the ward team');
    expect(out).toContain('# the patient, by hand\npatient:');
    expect(out).toContain('start_condition: { id: bleed, kind: hemorrhage, severity: $severity, ramp: $progression, params: { rateMlPerMin: 20 mL/min } }');
    // Only the edited lines differ.
    const a = src.split('\n');
    const b = out.split('\n');
    expect(b.length).toBe(a.length);
    expect(a.filter((l, i) => l !== b[i]).length).toBe(2);
    // Key order of the top level is unchanged.
    const keys = (t: string) => [...t.matchAll(/^([a-z_$]+):/gm)].map((m) => m[1]);
    expect(keys(out)).toEqual(keys(src));
    expect(parseScenario(out, 'x.yaml').ok).toBe(true);
  });

  it('appends, moves and deletes list items without disturbing the rest', () => {
    const doc = parseDoc(HEMORRHAGE);
    const i = appendAt(doc, 'expected_actions', { action: 'hemorrhage_control', within: '30 min', of: 'episode.hypotension' });
    expect(i).toBe(3);
    moveAt(doc, 'expected_actions', 3, 0);
    expect(valueAt(doc, 'expected_actions[0].action')).toBe('hemorrhage_control');
    deleteAt(doc, 'expected_actions[0]');
    expect(serialize(doc)).toBe(HEMORRHAGE);
  });

  it('writes numbers as numbers and keeps the text of untouched scalars', () => {
    const doc = parseDoc('a: 0.80\nb: x\n');
    expect(textAt(doc, 'a')).toBe('0.80');
    setAt(doc, 'b', scalarFromInput('0.5'));
    expect(serialize(doc)).toBe('a: 0.80\nb: 0.5\n');
    expect(scalarFromInput('15 min')).toBe('15 min');
    expect(scalarFromInput('true')).toBe(true);
  });

  it('parses and formats paths the way the validator writes them', () => {
    expect(parsePath('timeline[2].action.note')).toEqual(['timeline', 2, 'action', 'note']);
    expect(formatPath(['states', 'early', 'transitions', 0, 'when'])).toBe('states.early.transitions[0].when');
    expect(formatDuration(1500)).toBe('25 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(90)).toBe('90 s');
    const doc = parseDoc(HEMORRHAGE);
    expect(durationSeconds(doc, '$onset')).toBe(900);
    expect(durationSeconds(doc, '40 min')).toBe(2400);
  });
});
