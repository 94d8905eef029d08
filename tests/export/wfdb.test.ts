/**
 * WFDB bytes checked against the published formats (signal(5), header(5), annot(5)) on tiny records
 * built by hand, plus a decoded round trip of a simulated record.
 */
import { describe, expect, it } from 'vitest';
import { ANN, baseTimeDate, checksum16, encodeAnnotations, encodeSignals, headerText, toAdc } from '../../twin-engine/export/wfdb';
import { bedToWfdb, ecgAnnotations } from '../../twin-engine/export/wfdb-record';
import { CaptureRecorder, captureWard, exportFiles, playablePlan } from '../../twin-engine/export/index';
import { InProcessSession } from '../../twin-engine/session/in-process';
import { existsSync, readFileSync } from 'node:fs';
import { SCENARIOS_DIR } from '../../twin-engine/node/library-fs';
import { join, resolve } from 'node:path';
import { parseRdannLine, readMitAnnotations, type ReadAnnotation } from './wfdb-reader';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('WFDB signal formats', () => {
  const s0 = toAdc([0.005, -0.01, NaN], { gain: 200, baseline: 0 }, 16); // mV at 200 adu/mV; NaN = dropout
  const s1 = toAdc([1, 2, 3], { gain: 1, baseline: 0 }, 16);
  it('format 16: little-endian int16, interleaved by sample, dropout → −32768', () => {
    expect([...s0]).toEqual([1, -2, -32768]);
    expect(hex(encodeSignals([s0, s1], 16))).toBe('01 00 01 00 fe ff 02 00 00 80 03 00');
  });
  it('format 212: two 12-bit samples in 3 bytes; a trailing sample takes 2 bytes', () => {
    const a = toAdc([1, -2, 5000], { gain: 1, baseline: 0 }, 212); // 5000 clamps to 2047
    expect([...a]).toEqual([1, -2, 2047]);
    // (1, −2): 0x001, 0xFFE → 01, (0x0 | 0xF<<4) = f0, fe ; then 0x7FF → ff 07
    expect(hex(encodeSignals([a], 212))).toBe('01 f0 fe ff 07');
    expect([...toAdc([NaN], { gain: 1, baseline: 0 }, 212)]).toEqual([-2048]);
  });
  it('header: record line, signal lines with gain(baseline)/units, initial value and 16-bit checksum', () => {
    expect(checksum16(s0)).toBe(32767); // 1 − 2 − 32768 = −32769 ≡ 32767 (mod 2^16)
    const text = headerText('rec', 500, 'rec.dat', 16, [
      { gain: 200, baseline: 0, units: 'mV', adcRes: 16, adcZero: 0, description: 'ECG II' },
      { gain: 1, baseline: 0, units: 'mmHg', adcRes: 16, adcZero: 0, description: 'ART' },
    ], [s0, s1]);
    expect(text).toBe(
      'rec 2 500 3\n' +
        'rec.dat 16 200(0)/mV 16 0 1 32767 0 ECG II\n' +
        'rec.dat 16 1(0)/mmHg 16 0 1 6 0 ART\n' +
        '# WardTwin synthetic data — SIMULATION — NOT FOR CLINICAL USE\n',
    );
  });
  it("header: the record line's base time and date (header(5): HH:MM:SS DD/MM/YYYY, 24-hour clock)", () => {
    const text = headerText('r', 360, 'r.dat', 212, [], [], [], Date.parse('1989-04-25T13:05:00Z'));
    expect(text.split('\n')[0]).toBe('r 0 360 0 13:05:00 25/04/1989');
    expect(baseTimeDate(Date.parse('2024-12-31T23:59:59.250Z'))).toBe('23:59:59.250 31/12/2024');
    expect(() => baseTimeDate(NaN)).toThrow(/valid instant/);
  });
});

describe('WFDB annotations (MIT format)', () => {
  it('encodes rhythm AUX, beats, a SKIP for long gaps and the end word', () => {
    const bytes = encodeAnnotations([
      { sample: 0, code: ANN.RHYTHM, aux: '(AFIB' },
      { sample: 10, code: ANN.NORMAL },
      { sample: 2000, code: ANN.PVC },
    ]);
    expect(hex(bytes)).toBe(
      [
        '00 70', // RHYTHM (28 << 10), Δ0
        '05 fc 28 41 46 49 42 00', // AUX (63 << 10 | 5) "(AFIB" + pad
        '0a 04', // N (1 << 10) | 10
        '00 ec 00 00 c6 07', // SKIP (59 << 10), interval 1990 = high word 0, low word 0x07c6
        '00 14', // V (5 << 10), Δ0
        '00 00', // end of file
      ].join(' '),
    );
  });
  it('NOISE subtypes go in a SUB word after the annotation; co-timed annotations get num 0, 1, … (NUM words)', () => {
    const bytes = encodeAnnotations([
      { sample: 5, code: ANN.NOISE, subtyp: -1 },
      { sample: 5, code: ANN.RHYTHM, aux: '(VF' },
      { sample: 5, code: ANN.VFON },
      { sample: 9, code: ANN.NOISE, subtyp: 1 },
      { sample: 12, code: ANN.NOISE },
    ]);
    expect(hex(bytes)).toBe(
      [
        '05 38', // NOISE (14 << 10) | 5
        'ff f7', // SUB (61 << 10) | (−1 & 0x3ff)
        '00 70', // RHYTHM, Δ0
        '01 f0', // NUM (60 << 10) | 1: same sample, next num
        '03 fc 28 56 46 00', // AUX "(VF" + pad
        '00 80', // VFON (32 << 10), Δ0
        '02 f0', // NUM 2
        '04 38', // NOISE, Δ4
        '01 f4', // SUB 1 (signal 0 noisy) — libwfdb's putann order: SUB, CHN, NUM, AUX
        '00 f0', // NUM back to 0
        '03 38', // NOISE, Δ3, subtyp 0 (clean): no SUB word
        '00 00',
      ].join(' '),
    );
    const back = readMitAnnotations(bytes);
    expect(back.map((a) => [a.sample, a.symbol, a.subtyp, a.num, a.aux])).toEqual([
      [5, '~', -1, 0, ''],
      [5, '+', 0, 1, '(VF'],
      [5, '[', 0, 2, ''],
      [9, '~', 1, 0, ''],
      [12, '~', 0, 0, ''],
    ]);
  });
  it('refuses what the format cannot hold, naming the field', () => {
    expect(() => encodeAnnotations([{ sample: 1.5, code: ANN.NORMAL }])).toThrow(/sample/);
    expect(() => encodeAnnotations([{ sample: 1, code: 59 }])).toThrow(/code/);
    expect(() => encodeAnnotations([{ sample: 1, code: ANN.NOISE, subtyp: 300 }])).toThrow(/subtyp/);
  });
});

/**
 * The reader is checked against real PhysioNet files and the output of the WFDB Software Package's own
 * rdann, as shipped with wfdb-python (sample-data/ and tests/target-output/): set WFDB_PYTHON_DIR to a
 * checkout to run it (nothing from it is committed here). MIT-BIH record 100 has 2239 normal beats,
 * 33 atrial premature beats and 1 PVC, and one rhythm annotation, (N (MIT-BIH Arrhythmia Database
 * directory, record 100).
 */
const WFDB_PY = process.env.WFDB_PYTHON_DIR ?? '';
describe.skipIf(!WFDB_PY || !existsSync(join(WFDB_PY, 'sample-data', '100.atr')))('the annotation reader on real PhysioNet files', () => {
  const read = (f: string) => readMitAnnotations(new Uint8Array(readFileSync(join(WFDB_PY, 'sample-data', f))));
  const rdann = (f: string) => readFileSync(join(WFDB_PY, 'tests', 'target-output', f), 'utf8').split('\n').filter(Boolean).map((l) => parseRdannLine(l)!);
  const fields = (a: Omit<ReadAnnotation, 'code'>) => [a.sample, a.symbol, a.subtyp, a.chan, a.num, a.aux.replace(/\0+$/, '')];
  it('MIT-BIH 100.atr: every annotation as rdann prints it; the published beat counts', () => {
    const got = read('100.atr');
    expect(got.map(fields)).toEqual(rdann('ann-1').map(fields));
    const count = (s: string) => got.filter((a) => a.symbol === s).length;
    expect([count('N'), count('A'), count('V'), count('+')]).toEqual([2239, 33, 1, 1]);
    expect(got[0].aux.replace(/\0+$/, '')).toBe('(N');
  });
  it('12726.anI (NOTE annotations on chan 255, long SKIPs) as rdann prints it', () => {
    expect(read('12726.anI').map(fields)).toEqual(rdann('ann-2').map(fields));
  });
});


describe('a simulated record', () => {
  it('AF scenario → ECG record whose .atr decodes to the captured beats and rhythm', async () => {
    const file = 'af-rvr.yaml';
    const plan = playablePlan(readFileSync(resolve(SCENARIOS_DIR, file), 'utf8'), file, (p) => readFileSync(resolve(SCENARIOS_DIR, p), 'utf8'));
    const cap = await captureWard(plan, 20);
    const bed = cap.beds[0];
    const files = bedToWfdb(bed);
    const hea = String(files['bed_1_ecg.hea']).split('\n');
    expect(hea[0]).toBe('bed_1_ecg 1 500 10000');
    expect((files['bed_1_ecg.dat'] as Uint8Array).length).toBe(10000 * 2);
    expect((files['bed_1_hemo.dat'] as Uint8Array).length).toBe(2500 * 2 * 2);
    const anns = readMitAnnotations(files['bed_1_ecg.atr'] as Uint8Array);
    const beats = anns.filter((a) => a.code !== ANN.RHYTHM && a.code !== ANN.NOISE);
    expect(beats.length).toBe(bed.beats.length);
    expect(beats.length).toBeGreaterThan(10);
    expect(anns[0].code).toBe(ANN.RHYTHM);
    expect(anns[0].aux).toMatch(/^\(/);
    // Checksum in the header matches the samples written.
    const dat = files['bed_1_ecg.dat'] as Uint8Array;
    const samples = new Int16Array(dat.buffer, dat.byteOffset, dat.length / 2);
    expect(Number(hea[1].split(' ')[6])).toBe(checksum16(samples));
  });
});

describe('PhysioNet conventions in the annotations of a capture', () => {
  it('rhythm labels, VF brackets, NOISE periods and beats, in the order and samples PhysioNet files use', () => {
    const anns = ecgAnnotations(
      {
        rhythms: [{ tS: 0, rhythm: 'sinus' }, { tS: 10, rhythm: 'ventricular_fibrillation' }, { tS: 20, rhythm: 'atrial_fibrillation' }],
        ecgQuality: [{ tS: 0, quality: 'clean' }, { tS: 4, quality: 'noisy' }, { tS: 5.5, quality: 'unreadable' }, { tS: 7, quality: 'clean' }, { tS: 20, quality: 'unreadable' }],
        beats: [{ tS: 1, label: 'N' }, { tS: 9.5, label: 'V' }, { tS: 20, label: 'N' }, { tS: 30, label: 'N' }],
      },
      500,
      12000,
    );
    expect(anns.map((a) => [a.sample, a.code, a.subtyp ?? 0, a.aux ?? ''])).toEqual([
      [0, ANN.RHYTHM, 0, '(N'],
      [500, ANN.NORMAL, 0, ''],
      [2000, ANN.NOISE, 1, ''], // signal 0 noisy
      [2750, ANN.NOISE, -1, ''], // unreadable: a shutdown period for bxb
      [3500, ANN.NOISE, 0, ''], // clean again
      [4750, ANN.PVC, 0, ''],
      [5000, ANN.RHYTHM, 0, '(VF'],
      [5000, ANN.VFON, 0, ''],
      [10000, ANN.VFOFF, 0, ''],
      [10000, ANN.NOISE, -1, ''],
      [10000, ANN.RHYTHM, 0, '(AFIB'],
      [10000, ANN.NORMAL, 0, ''],
      // the beat at 30 s lies past the record's 12000 samples
    ]);
  });

  it('runs of ectopy become MIT-BIH rhythm labels: (B bigeminy, (T trigeminy, (VT for three or more PVCs in a row', () => {
    const seq = 'NNN' + 'NVNVNV' + 'NNN' + 'NNVNNVNNV' + 'NVVV' + 'NN' + 'VVVV';
    const anns = ecgAnnotations(
      {
        rhythms: [{ tS: 0, rhythm: 'sinus' }, { tS: 27, rhythm: 'ventricular_tachycardia' }],
        ecgQuality: [{ tS: 0, quality: 'clean' }],
        beats: [...seq].map((label, i) => ({ tS: i, label: label as 'N' | 'V' })),
      },
      100,
      5000,
    );
    expect(anns.filter((a) => a.code === ANN.RHYTHM).map((a) => [a.sample, a.aux])).toEqual([
      [0, '(N'],
      [300, '(B'], // beats 3–8: N V N V N V
      [900, '(N'],
      [1200, '(T'], // beats 12–20: (N N V) × 3
      [2100, '(N'],
      [2200, '(VT'], // beats 22–24: V V V
      [2500, '(N'],
      [2700, '(VT'], // the rhythm itself: its V beats start no run of their own
    ]);
  });

  it('a VF arrest with a detached lead and patient motion → .hea/.atr that an independent reader decodes as PhysioNet writes them', async () => {
    const file = 'vf-arrest.yaml';
    const plan = playablePlan(readFileSync(resolve(SCENARIOS_DIR, file), 'utf8'), file, (p) => readFileSync(resolve(SCENARIOS_DIR, p), 'utf8'), 7);
    const bedId = plan.beds[0].bedId;
    const session = new InProcessSession({ loadPlan: () => plan });
    let cap;
    try {
      await session.load({ kind: 'builtin', path: plan.sourceFile });
      const rec = new CaptureRecorder(session);
      await session.setArtifacts(bedId, { electrode_off: 0.25, motion: 1 });
      await session.step(150); // VF from 2 min (the scenario's onset)
      for (let k = 0; k < 3; k++) {
        await session.applyIntervention(bedId, { kind: 'defibrillation', energyJ: 200 });
        await session.step(10);
      }
      await session.step(10);
      cap = rec.finish(190);
    } finally {
      await session.dispose();
    }
    const files = exportFiles(cap, ['wfdb'], { startIso: '2024-03-05T21:30:00Z' });
    const rec = `${bedId.replace(/[^A-Za-z0-9_]/g, '_')}_ecg`;
    const n = 190 * 500;
    expect(String(files[`wfdb/${rec}.hea`]).split('\n')[0]).toBe(`${rec} 1 500 ${n} 21:30:00 05/03/2024`);
    const anns = readMitAnnotations(files[`wfdb/${rec}.atr`] as Uint8Array);
    const dat = files[`wfdb/${rec}.dat`] as Uint8Array;
    const ecg = new Int16Array(dat.buffer.slice(dat.byteOffset, dat.byteOffset + dat.length));

    // Annotation times never go back; co-timed annotations are told apart by num, as libwfdb requires.
    for (let i = 1; i < anns.length; i++) {
      expect(anns[i].sample).toBeGreaterThanOrEqual(anns[i - 1].sample);
      if (anns[i].sample === anns[i - 1].sample) expect(anns[i].num).toBeGreaterThan(anns[i - 1].num);
    }
    // Rhythm: (N first; VF bracketed by '[' … ']' with its (VF label at the '['; no QRS labelled inside VF.
    expect(anns[0].symbol).toBe('+');
    expect(anns[0].aux).toMatch(/^\((N|SBR)$/);
    const vfOn = anns.filter((a) => a.symbol === '[');
    const vfOff = anns.filter((a) => a.symbol === ']');
    expect(vfOn).toHaveLength(1);
    // timed to the monitor's 0.1 s input step, within the second after the scenario's 2-min onset
    expect(vfOn[0].sample / 500).toBeGreaterThanOrEqual(120);
    expect(vfOn[0].sample / 500).toBeLessThan(121);
    expect(vfOn[0].sample % 50).toBe(0);
    expect(anns.some((a) => a.symbol === '+' && a.aux === '(VF' && a.sample === vfOn[0].sample)).toBe(true);
    expect(vfOff).toHaveLength(1); // this seed's shocks convert the VF (physiology decides; the export only marks it)
    const vfEnd = vfOff[0].sample;
    expect(vfEnd).toBeGreaterThan(vfOn[0].sample);
    const beatsInVf = anns.filter((a) => 'NV/A'.includes(a.symbol) && a.sample > vfOn[0].sample + 250 && a.sample < vfEnd);
    expect(beatsInVf).toHaveLength(0);
    expect(anns.some((a) => a.symbol === '+' && a.sample === vfEnd && a.aux !== '(VF')).toBe(true);
    expect(anns.some((a) => 'NV/'.includes(a.symbol) && a.sample > vfEnd)).toBe(true); // beats return after the shock
    // Consecutive rhythm annotations always name different rhythms.
    const rh = anns.filter((a) => a.symbol === '+');
    for (let i = 1; i < rh.length; i++) expect(rh[i].aux).not.toBe(rh[i - 1].aux);
    // Beats before VF: normal beats in (N.
    expect(anns.filter((a) => a.symbol === 'N' && a.sample < vfOn[0].sample).length).toBeGreaterThan(100);

    // NOISE: unreadable (−1) periods are exactly where the written ECG is flat at 0 (lead off) or invalid
    // (dropout) — checked on the samples, independently of how the annotations were made.
    const noise = anns.filter((a) => a.symbol === '~');
    expect(noise.some((a) => a.subtyp === -1)).toBe(true);
    expect(noise.some((a) => a.subtyp === 1)).toBe(true);
    const state = new Int8Array(n); // 2 = unreadable, 1 = noisy, 0 = clean
    for (let i = 0; i < noise.length; i++) state.fill(noise[i].subtyp === -1 ? 2 : noise[i].subtyp === 1 ? 1 : 0, noise[i].sample, i + 1 < noise.length ? noise[i + 1].sample : n);
    let flatRuns = 0;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j < n && (ecg[j] === 0 || ecg[j] === -32768)) j++;
      if (j - i >= 50) {
        flatRuns++;
        for (let k = i; k < j; k++) if (state[k] !== 2) throw new Error(`flat ECG at sample ${k} outside an unreadable NOISE period`);
      }
      i = Math.max(j, i + 1);
    }
    expect(flatRuns).toBeGreaterThan(3);
    for (let k = 0; k < n; k++) if (state[k] === 2 && ecg[k] !== 0 && ecg[k] !== -32768) throw new Error(`live ECG at sample ${k} inside an unreadable NOISE period`);
  }, 120_000);
});

