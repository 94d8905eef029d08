/**
 * WFDB bytes checked against the published formats (signal(5), header(5), annot(5)) on tiny records
 * built by hand, plus a decoded round trip of a simulated record.
 */
import { describe, expect, it } from 'vitest';
import { ANN, checksum16, encodeAnnotations, encodeSignals, headerText, toAdc } from '../../twin-engine/export/wfdb';
import { bedToWfdb } from '../../twin-engine/export/wfdb-record';
import { captureWard, playablePlan } from '../../twin-engine/export/index';
import { readFileSync } from 'node:fs';
import { SCENARIOS_DIR } from '../../twin-engine/node/library-fs';
import { resolve } from 'node:path';

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
});

/** Minimal MIT annotation reader (the inverse of annot(5)) for the round trip. */
function readAtr(b: Uint8Array): { sample: number; code: number; aux?: string }[] {
  const out: { sample: number; code: number; aux?: string }[] = [];
  let t = 0;
  for (let i = 0; i + 1 < b.length; ) {
    const w = b[i] | (b[i + 1] << 8);
    i += 2;
    const code = w >> 10;
    const v = w & 0x3ff;
    if (w === 0) break;
    if (code === ANN.SKIP) {
      t += ((b[i] | (b[i + 1] << 8)) << 16) + (b[i + 2] | (b[i + 3] << 8));
      i += 4;
    } else if (code === ANN.AUX) {
      out[out.length - 1].aux = String.fromCharCode(...b.subarray(i, i + v));
      i += v + (v % 2);
    } else {
      t += v;
      out.push({ sample: t, code });
    }
  }
  return out;
}

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
    const anns = readAtr(files['bed_1_ecg.atr'] as Uint8Array);
    const beats = anns.filter((a) => a.code !== ANN.RHYTHM);
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
