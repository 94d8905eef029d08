import { describe, expect, it } from 'vitest';
import { ALARM_LIMIT_RANGES, DEFAULT_ADULT_LIMITS, alarmLimitProblems, defaultAlarmLimits, type AlarmEvent } from '../../twin-engine/devices/index';
import { input, monitor, run } from './helpers';

const raised = (ev: AlarmEvent[], code: string) => ev.filter((e) => e.type === 'raised' && e.alarm.code === code);

describe('alarms (IEC 60601-1-8 priorities)', () => {
  it('adult default limits follow the cited defaults (HR 50–130, RR 8–24, SpO2 < 92, MAP 65–120)', () => {
    expect(DEFAULT_ADULT_LIMITS).toMatchObject({ hrLow: 50, hrHigh: 130, rrLow: 8, rrHigh: 24, spo2Low: 92, mapLow: 65, mapHigh: 120 });
  });

  it('HR_HIGH: medium physiological alarm only after the 10 s delay; a 5 s excursion raises nothing', () => {
    const m = monitor({ enabledChannels: ['ecg_ii'] });
    const inp = input({ hrBpm: 80 });
    run(m, inp, 20);
    inp.hrBpm = 160;
    run(m, inp, 5);
    inp.hrBpm = 80;
    run(m, inp, 20);
    expect(raised(m.drainAlarmEvents(), 'HR_HIGH')).toHaveLength(0);
    const tStart = m.timeS;
    inp.hrBpm = 160;
    run(m, inp, 8);
    expect(m.alarms().some((a) => a.code === 'HR_HIGH')).toBe(false);
    run(m, inp, 20);
    const ev = raised(m.drainAlarmEvents(), 'HR_HIGH');
    expect(ev).toHaveLength(1);
    const a = ev[0].alarm;
    expect(a.priority).toBe('medium');
    expect(a.kind).toBe('physiological');
    expect(a.onsetS - tStart).toBeGreaterThanOrEqual(10);
    expect(a.message).toMatch(/HR 1[56]\d > 130/);
    // medium alarms do not latch: back to normal → cleared
    inp.hrBpm = 80;
    run(m, inp, 20);
    expect(m.alarms().some((x) => x.code === 'HR_HIGH')).toBe(false);
    expect(m.drainAlarmEvents().some((e) => e.type === 'cleared' && e.alarm.code === 'HR_HIGH')).toBe(true);
  });

  it('ASYSTOLE: high priority, latched after the rhythm returns until acknowledged', () => {
    const m = monitor({ enabledChannels: [] });
    const inp = input();
    run(m, inp, 15);
    inp.rhythm = 'asystole';
    inp.hrBpm = 0;
    run(m, inp, 12);
    const a = m.alarms().find((x) => x.code === 'ASYSTOLE');
    expect(a).toBeDefined();
    expect(a!.priority).toBe('high');
    expect(a!.active).toBe(true);
    expect(m.numerics.hrBpm).toBe(0);
    expect(m.audible).toBe(true);
    inp.rhythm = 'sinus';
    inp.hrBpm = 75;
    run(m, inp, 15);
    const still = m.alarms().find((x) => x.code === 'ASYSTOLE')!;
    expect(still.active).toBe(false);
    expect(still.latched).toBe(true);
    m.drainAlarmEvents();
    m.acknowledge(still.id);
    expect(m.alarms().some((x) => x.code === 'ASYSTOLE')).toBe(false);
    const ev = m.drainAlarmEvents();
    expect(ev.map((e) => e.type)).toEqual(['acknowledged', 'cleared']);
  });

  it('VF and VT raise high-priority arrhythmia alarms; apnea raises APNEA (high)', () => {
    const m = monitor({ enabledChannels: ['ecg_ii', 'co2'] });
    const inp = input();
    run(m, inp, 10);
    inp.rhythm = 'ventricular_fibrillation';
    inp.hrBpm = 0;
    inp.apnea = true;
    run(m, inp, 25);
    const codes = m.alarms().map((a) => `${a.code}:${a.priority}`);
    expect(codes).toContain('VF:high');
    expect(codes).toContain('APNEA:high');
    expect(codes).not.toContain('ASYSTOLE:high');
    const m2 = monitor({ enabledChannels: [] });
    run(m2, input({ rhythm: 'ventricular_tachycardia', hrBpm: 180, qrsWidthMs: 160 }), 15);
    expect(m2.alarms().find((a) => a.code === 'VT')?.priority).toBe('high');
  });

  it('electrode off: technical LEADS_OFF (low), HR blanked, no false asystole; clears on reattachment', () => {
    const m = monitor({ enabledChannels: ['ecg_ii'] });
    const inp = input();
    run(m, inp, 15);
    m.setArtifacts({ electrode_off: 1 });
    run(m, inp, 12);
    const ecg = m.drain('ecg_ii');
    const last = ecg.subarray(ecg.length - 2500);
    expect(Math.max(...last) - Math.min(...last)).toBe(0); // flat line
    const a = m.alarms().find((x) => x.code === 'LEADS_OFF')!;
    expect(a.kind).toBe('technical');
    expect(a.priority).toBe('low');
    expect(m.numerics.hrBpm).toBeNull();
    expect(m.alarms().some((x) => x.code === 'ASYSTOLE')).toBe(false);
    m.setArtifacts({});
    run(m, inp, 12);
    expect(m.alarms().some((x) => x.code === 'LEADS_OFF')).toBe(false);
    expect(m.numerics.hrBpm).toBeGreaterThan(60);
  });

  it('probe off → PROBE_OFF technical; SpO2 < 85 → SPO2_DESAT high; 85–91 → SPO2_LOW medium after 15 s', () => {
    const m = monitor({ enabledChannels: [], skinToneMonk: 1, pulseOxBias: false });
    const inp = input({ sao2Pct: 98 });
    m.setArtifacts({ probe_off: 1 });
    run(m, inp, 5);
    expect(m.alarms().find((a) => a.code === 'PROBE_OFF')?.kind).toBe('technical');
    m.setArtifacts({});
    inp.sao2Pct = 75;
    run(m, inp, 40);
    expect(m.alarms().find((a) => a.code === 'SPO2_DESAT')?.priority).toBe('high');
    const m2 = monitor({ enabledChannels: [], seed: 5, skinToneMonk: 1, pulseOxBias: false });
    const inp2 = input({ sao2Pct: 89 });
    run(m2, inp2, 15);
    expect(m2.alarms().some((a) => a.code === 'SPO2_LOW')).toBe(false);
    run(m2, inp2, 20);
    expect(m2.alarms().find((a) => a.code === 'SPO2_LOW')?.priority).toBe('medium');
  });

  it('silence pauses audio for N s without hiding alarms; setLimits moves thresholds', () => {
    const m = monitor({ enabledChannels: [] });
    const inp = input({ hrBpm: 120 });
    run(m, inp, 20);
    expect(m.alarms()).toHaveLength(0);
    m.setLimits({ hrHigh: 110 });
    run(m, inp, 15);
    expect(m.alarms().map((a) => a.code)).toContain('HR_HIGH');
    expect(m.audible).toBe(true);
    m.drainAlarmEvents();
    m.silence(60);
    expect(m.drainAlarmEvents().map((e) => e.type)).toEqual(['silenced']);
    expect(m.audible).toBe(false);
    run(m, inp, 30);
    expect(m.audible).toBe(false);
    expect(m.alarms()).toHaveLength(1);
    run(m, inp, 31);
    expect(m.audible).toBe(true);
  });

  it('a chip follows the current value (never "RR 7 < 8" while RR shows 5)', () => {
    const m = monitor({ enabledChannels: [] });
    const inp = input({ rrBpm: 7 });
    run(m, inp, 40);
    const first = m.alarms().find((x) => x.code === 'RR_LOW')!;
    expect(first.message).toBe(`RR ${m.numerics.rrBpm} < 8`);
    inp.rrBpm = 5;
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      run(m, inp, 5);
      const a = m.alarms().find((x) => x.code === 'RR_LOW');
      if (m.numerics.rrBpm === null || m.numerics.rrBpm >= 8) continue;
      expect(a?.id).toBe(first.id); // the same alarm, not a new one
      expect(a!.message).toBe(`RR ${m.numerics.rrBpm} < 8`);
      seen.add(a!.message);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('one SpO2 alarm at a time: a desaturation that recovers to 86–91 % leaves one alarm, not two', () => {
    const m = monitor({ enabledChannels: [], skinToneMonk: 1, pulseOxBias: false });
    const inp = input({ sao2Pct: 98 });
    run(m, inp, 20);
    const spo2Alarms = () => m.alarms().filter((a) => a.code.startsWith('SPO2'));
    inp.sao2Pct = 89;
    run(m, inp, 30);
    expect(spo2Alarms().map((a) => a.code)).toEqual(['SPO2_LOW']);
    inp.sao2Pct = 75;
    run(m, inp, 40);
    expect(spo2Alarms().map((a) => `${a.code}:${a.priority}`)).toEqual(['SPO2_DESAT:high']);
    inp.sao2Pct = 89; // back above 85: the desaturation alarm is latched (high, unacknowledged)
    run(m, inp, 40);
    expect(spo2Alarms()).toHaveLength(1);
    const latched = spo2Alarms()[0];
    expect(latched.code).toBe('SPO2_DESAT');
    expect(latched.latched).toBe(true);
    // Acknowledged: the low-limit alarm shows at once (SpO2 has been under the limit all along).
    m.acknowledge(latched.id);
    run(m, inp, 2);
    expect(spo2Alarms().map((a) => a.code)).toEqual(['SPO2_LOW']);
  });

  it('one RR alarm at a time: breathing resumes at 5/min after apnea → the latched APNEA only, then RR_LOW once acknowledged', () => {
    const m = monitor({ enabledChannels: [] });
    const inp = input();
    run(m, inp, 20);
    inp.apnea = true;
    run(m, inp, 40);
    const rrAlarms = () => m.alarms().filter((a) => a.code === 'APNEA' || a.code.startsWith('RR_'));
    expect(rrAlarms().map((a) => a.code)).toEqual(['APNEA']);
    inp.apnea = false;
    inp.rrBpm = 5;
    run(m, inp, 60);
    expect(rrAlarms()).toHaveLength(1);
    expect(rrAlarms()[0]).toMatchObject({ code: 'APNEA', latched: true });
    m.acknowledge(rrAlarms()[0].id);
    run(m, inp, 2);
    expect(rrAlarms().map((a) => a.code)).toEqual(['RR_LOW']);
  });

  it('default limits follow the patient: SpO2 low 92 on scale 1, 88 on scale 2 (BTS 88–92 % target)', () => {
    expect(defaultAlarmLimits({ spo2Scale: 1 }).spo2Low).toBe(92);
    expect(defaultAlarmLimits({ spo2Scale: 2 })).toEqual({ ...DEFAULT_ADULT_LIMITS, spo2Low: 88 });
    // A stable scale-2 patient at 90–91 % raises nothing; on scale 1 the same patient alarms.
    for (const [scale, expected] of [[2, 0], [1, 1]] as const) {
      const m = monitor({ enabledChannels: [], skinToneMonk: 1, pulseOxBias: false, limits: defaultAlarmLimits({ spo2Scale: scale }) });
      run(m, input({ sao2Pct: 90.5 }), 60);
      expect(m.alarms().filter((a) => a.code === 'SPO2_LOW')).toHaveLength(expected);
    }
  });

  it('limit changes are checked against one table of ranges, with messages a user understands', () => {
    expect(alarmLimitProblems(DEFAULT_ADULT_LIMITS, { spo2Low: 88 })).toEqual([]);
    expect(alarmLimitProblems(DEFAULT_ADULT_LIMITS, { spo2Low: 920 })).toEqual(['SpO₂ low must be between 70 and 99 %; 920 is outside.']);
    expect(alarmLimitProblems(DEFAULT_ADULT_LIMITS, { hrLow: 140 })).toEqual(['HR low (140 /min) must be below HR high (130 /min).']);
    expect(alarmLimitProblems(DEFAULT_ADULT_LIMITS, { tempHigh: Number.NaN })[0]).toMatch(/Temperature high: enter a number/);
    expect(alarmLimitProblems(DEFAULT_ADULT_LIMITS, { spo2High: 98 })[0]).toMatch(/no alarm limit called 'spo2High'/);
    // every default lies inside its own range
    for (const [k, r] of Object.entries(ALARM_LIMIT_RANGES)) {
      const v = DEFAULT_ADULT_LIMITS[k as keyof typeof DEFAULT_ADULT_LIMITS];
      expect(v >= r.min && v <= r.max, k).toBe(true);
    }
  });
});
