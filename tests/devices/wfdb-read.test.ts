/**
 * scripts/wfdb-read.ts (the reader of real PhysioNet records for npm run ecg-calibration) on files built by
 * hand after signal(5), header(5) and annot(5) of the WFDB Software Package (docs/REFERENCES.md#wfdb).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMitAnnotationFile, readWfdbRecord, resample } from '../../scripts/wfdb-read';

const dir = mkdtempSync(join(tmpdir(), 'wfdb-read-'));

describe('WFDB signal files', () => {
  it('format 212: two 12-bit samples in three bytes (s0 low byte; s0 high nibble | s1 high nibble << 4; s1 low byte)', () => {
    // frames (s0, s1): (100, 2047) → 0x64 0x70 0xFF; (−5, −2048) → 0xFB 0x8F 0x00
    writeFileSync(join(dir, 'r212.dat'), Uint8Array.from([0x64, 0x70, 0xff, 0xfb, 0x8f, 0x00]));
    // checksums: 100 − 5 = 95; 2047 − 2048 = −1; signal 1 with baseline 1024 in parentheses
    writeFileSync(join(dir, 'r212.hea'), 'r212 2 360 2\nr212.dat 212 200 11 0 100 95 0 MLII\nr212.dat 212 200(1024) 11 0 2047 -1 0 V5\n# a comment\n');
    const r = readWfdbRecord(dir, 'r212');
    expect(r.fs).toBe(360);
    expect(r.comments).toEqual(['a comment']);
    expect(r.signals.map((s) => s.desc)).toEqual(['MLII', 'V5']);
    expect(Array.from(r.signals[0].mv)).toEqual([0.5, -0.025]);
    expect(Array.from(r.signals[1].mv)).toEqual([(2047 - 1024) / 200, (-2048 - 1024) / 200]);
  });

  it('format 16: little-endian 16-bit samples, interleaved; a wrong checksum is refused naming the file', () => {
    const b = Buffer.alloc(8);
    [300, -200, -1, 32767].forEach((v, i) => b.writeInt16LE(v, 2 * i));
    writeFileSync(join(dir, 'r16.dat'), b);
    writeFileSync(join(dir, 'r16.hea'), 'r16 2 250 2\nr16.dat 16 100 16 0 300 299 0 I\nr16.dat 16 100 16 0 -200 32567 0 II\n');
    const r = readWfdbRecord(dir, 'r16');
    expect(Array.from(r.signals[0].mv)).toEqual([3, -0.01]);
    expect(Array.from(r.signals[1].mv)).toEqual([-2, 327.67]);
    writeFileSync(join(dir, 'bad.dat'), b);
    writeFileSync(join(dir, 'bad.hea'), 'bad 2 250 2\nbad.dat 16 100 16 0 300 298 0 I\nbad.dat 16 100 16 0 -200 32567 0 II\n');
    expect(() => readWfdbRecord(dir, 'bad')).toThrow(/bad\.dat: checksum of signal 0 is 299, the header says 298/);
  });
});

describe('MIT annotation files', () => {
  it('beats, a rhythm label with its aux string, and a SKIP', () => {
    const w = (code: number, data: number) => [data & 0xff, ((code << 2) | (data >> 8)) & 0xff];
    const bytes = [
      ...w(28, 18), ...w(63, 2), 0x28, 0x4e, // RHYTHM at 18, aux "(N"
      ...w(1, 77), // N at 95
      ...w(59, 0), 0x01, 0x00, 0x10, 0x00, // SKIP 65 552 (high half 1, low half 16)
      ...w(5, 5), // V at 95 + 65 552 + 5
      0, 0,
    ];
    writeFileSync(join(dir, 'a.atr'), Uint8Array.from(bytes));
    expect(readMitAnnotationFile(join(dir, 'a.atr'))).toEqual([
      { sample: 18, code: 28, aux: '(N' },
      { sample: 95, code: 1, aux: '' },
      { sample: 95 + 65552 + 5, code: 5, aux: '' },
    ]);
  });
});

describe('resampling', () => {
  it('360 → 250 Hz by linear interpolation keeps a ramp a ramp', () => {
    const x = Float64Array.from({ length: 361 }, (_, i) => i / 360);
    const y = resample(x, 360, 250);
    expect(y.length).toBe(251);
    for (let i = 0; i < y.length; i++) expect(y[i]).toBeCloseTo(i / 250, 5);
  });
});
