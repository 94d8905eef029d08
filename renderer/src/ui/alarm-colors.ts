/** IEC 60601-1-8 alarm colours: high red, medium yellow, low cyan. */
export const ALARM_COLORS = { high: '#ff2020', medium: '#ffd000', low: '#00d0ff' } as const;

/** IEC 60601-1-8 priority marks (!!! high, !! medium, ! low). */
export const ALARM_MARKS = { high: '!!!', medium: '!!', low: '!' } as const;

/**
 * The text of an alarm chip wherever one is drawn (bedside bar, central station, the 3D monitors): a
 * latched alarm keeps its last out-of-limit value, so it must say it is latched or it contradicts the
 * numerics beside it.
 */
export function alarmChipText(a: { priority: keyof typeof ALARM_MARKS; message: string; active: boolean; latched: boolean }, marks = true): string {
  return `${marks ? `${ALARM_MARKS[a.priority]} ` : ''}${a.message}${a.latched && !a.active ? ' (latched)' : ''}`;
}
