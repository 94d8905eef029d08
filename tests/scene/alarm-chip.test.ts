/**
 * One alarm-chip text for the bedside bar, the central station and the 3D monitors. The 3D monitor once
 * drew a latched "SpO2 84 < 85" beside SpO2 94 with nothing to say the alarm had ended (issue 15).
 */
import { expect, it } from 'vitest';
import { alarmChipText } from '../../renderer/src/ui/alarm-colors';

it('an active alarm reads its priority marks and message', () => {
  expect(alarmChipText({ priority: 'medium', message: 'RR 7 < 8', active: true, latched: false })).toBe('!! RR 7 < 8');
});

it('a latched alarm whose condition ended says so, with or without the marks', () => {
  const a = { priority: 'high' as const, message: 'SpO2 84 < 85', active: false, latched: true };
  expect(alarmChipText(a)).toBe('!!! SpO2 84 < 85 (latched)');
  expect(alarmChipText(a, false)).toBe('SpO2 84 < 85 (latched)');
});
