/** `wardtwin strip` draws every waveform of a bed as an SVG on a monitor grid. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../twin-engine/cli/main';

it('writes 10 s of all five waveforms of the chosen bed at the chosen time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-strip-'));
  const out: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s), isTty: false };
  const code = await main(['strip', 'scenarios/wards/default.yaml', '--bed', '3', '--at', '1m', '--out', join(dir, 's.svg')], io);
  expect(code).toBe(0);
  expect(out.join('\n')).toContain('10 s of 5 waveforms of bed-3 from T+1:00');
  const svg = readFileSync(join(dir, 's.svg'), 'utf8');
  expect(svg).toContain('SIMULATION — NOT FOR CLINICAL USE');
  for (const label of ['ECG II', 'ART', 'Pleth', 'CO2', 'Resp']) expect(svg).toContain(label);
  // One polyline per channel, each with about 10 s of points.
  expect((svg.match(/<polyline|<path/g) ?? []).length).toBeGreaterThanOrEqual(5);
});

it('names the beds when --bed does not exist', async () => {
  const err: string[] = [];
  const io = { stdout: () => {}, stderr: (s: string) => err.push(s), isTty: false };
  const code = await main(['strip', 'scenarios/wards/default.yaml', '--bed', '12'], io);
  expect(code).toBe(2);
  expect(err.join('\n')).toContain('--bed 12: the ward has 8 bed(s): bed-1, bed-2, bed-3, bed-4, bed-5, bed-6, bed-7, bed-8');
});
