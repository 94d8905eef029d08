/** Lab results carry their reference interval and an L/H flag (issue 15: results had no range or flag). */
import { expect, it } from 'vitest';
import { LAB_PANELS, labFlag, labRange, labValueText } from '../../twin-engine/core/labs';

it('flags against the published adult intervals (Kratz 2004; hs-TnT 99th percentile 14 ng/L)', () => {
  expect(labFlag('electrolytes', { name: 'K+', value: 6.1, unit: 'mmol/L' })).toBe('H');
  expect(labFlag('electrolytes', { name: 'K+', value: 3.4, unit: 'mmol/L' })).toBe('L');
  expect(labFlag('electrolytes', { name: 'K+', value: 5.0, unit: 'mmol/L' })).toBe('');
  expect(labFlag('troponin', { name: 'hs-Troponin', value: 15, unit: 'ng/L' })).toBe('H');
  expect(labFlag('abg', { name: 'Lactate', value: 4.2, unit: 'mmol/L' })).toBe('H');
  expect(labRange('abg', 'pH')).toBe('7.35–7.45');
  expect(labRange('abg', 'Base excess')).toBe('-2.0 to 2.0');
  expect(labRange('blood_count', 'Platelets')).toBe('150–400');
  expect(labRange('abg', 'nonsense')).toBe('');
  expect(labValueText('abg', { name: 'pH', value: 7.4, unit: '' })).toBe('7.40'); // the e2e saw "pH 7.4"
  expect(labValueText('electrolytes', { name: 'K+', value: 4, unit: 'mmol/L' })).toBe('4.0');
});

it('every analyte has an interval with low below high', () => {
  for (const p of LAB_PANELS) for (const a of p.analytes) expect(a.ref[0], `${p.id}/${a.name}`).toBeLessThan(a.ref[1]);
});
