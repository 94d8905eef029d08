/** Progress when the output is piped (issue 15: `wardtwin eval | tee log` printed nothing until the end). */
import { expect, it } from 'vitest';
import { progressBar, type CliIo } from '../../twin-engine/cli/io';

it('piped: nothing in the first 10 s (a quick command logs only its result)', () => {
  const err: string[] = [];
  let t = 0;
  const bar = progressBar({ stdout: () => {}, stderr: (s) => err.push(s), isTty: false }, 'Simulating', () => t);
  for (const f of [0.25, 0.5, 0.75, 1]) {
    t += 2000;
    bar.update(f);
  }
  expect(err).toEqual([]);
});

it('piped: one line at each quarter and one every 30 s in between, nothing drawn in place', () => {
  const err: string[] = [];
  const io: CliIo = { stdout: () => {}, stderr: (s) => err.push(s), isTty: false };
  let t = 1000;
  const bar = progressBar(io, 'Evaluating', () => t);
  bar.update(0, 'starting workers'); // t = 0 s: the command's own start line is enough
  t += 12_000;
  bar.update(1 / 32, '1/32 patient runs'); // 12 s, 3 %: neither a quarter nor 30 s
  t += 20_000;
  bar.update(2 / 32, '2/32 patient runs'); // 32 s since the last line: a line
  t += 5_000;
  bar.update(8 / 32, '8/32 patient runs'); // the first quarter
  t += 1_000;
  bar.update(9 / 32, '9/32 patient runs');
  t += 1_000;
  bar.update(32 / 32, '32/32 patient runs'); // jumps past two quarters: one line
  bar.done();
  expect(err).toEqual([
    'Evaluating: 6 % (2/32 patient runs), 32 s elapsed',
    'Evaluating: 25 % (8/32 patient runs), 37 s elapsed',
    'Evaluating: 100 % (32/32 patient runs), 39 s elapsed',
  ]);
});
