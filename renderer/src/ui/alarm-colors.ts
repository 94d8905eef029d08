/** IEC 60601-1-8 alarm colours: high red, medium yellow, low cyan. */
export const ALARM_COLORS = { high: '#ff2020', medium: '#ffd000', low: '#00d0ff' } as const;
