/**
 * `wardtwin strip`: 10 s of every waveform of one bed at a chosen time, drawn on a monitor-style ECG
 * paper grid (SVG), so a person can look at the signals.
 */
import { writeFileSync } from 'node:fs';
import { CHANNELS, CHANNEL_IDS, renderStripSvg, type ChannelId } from '../devices/index';
import { openFileSession } from '../node/open-source';
import { SEED_MAX, UsageError, intFlag, parseArgs, parseDurationS, type FlagSpec } from './args';
import type { CliIo } from './io';

export const STRIP_FLAGS: FlagSpec[] = [
  { name: 'bed', value: '<n|id>', help: 'bed number (1 = first) or bed id (default 1)' },
  { name: 'at', value: '<time>', help: "simulated time at which the strip starts, e.g. '5m' (default 0)" },
  { name: 'duration', value: '<time>', help: "strip length (default 10s, at most 60s)" },
  { name: 'seed', value: '<n>', help: 'run seed' },
  { name: 'out', value: '<file.svg>', help: 'write the SVG here (default strip.svg)' },
];

export async function stripCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, STRIP_FLAGS);
  if (positionals.length !== 1) throw new UsageError('give exactly one scenario or ward file');
  const atS = flags.has('at') ? parseDurationS(String(flags.get('at')).replace(/^0+$/, '0s')) : 0;
  const durS = flags.has('duration') ? parseDurationS(String(flags.get('duration'))) : 10;
  if (durS > 60) throw new UsageError(`--duration may be at most 60s; got ${flags.get('duration')}`);
  const seed = intFlag(flags, 'seed', undefined, 0, SEED_MAX);
  const { session, source } = openFileSession(positionals[0], seed);
  const ward = await session.load(source);
  const bedArg = String(flags.get('bed') ?? '1');
  const bed = /^\d+$/.test(bedArg) ? ward.beds[Number(bedArg) - 1] : ward.beds.find((b) => b.bedId === bedArg);
  if (!bed) throw new UsageError(`--bed ${bedArg}: the ward has ${ward.beds.length} bed(s): ${ward.beds.map((b) => b.bedId).join(', ')}`);
  if (atS > 0) await session.step(atS);
  const samples = new Map<ChannelId, Float32Array[]>();
  const sub = session.waveforms({ bedId: bed.bedId }).subscribe((c) => {
    const list = samples.get(c.channel) ?? [];
    list.push(c.samples);
    samples.set(c.channel, list);
  });
  await session.step(durS);
  sub.unsubscribe();
  await session.dispose();
  const strips = CHANNEL_IDS.map((id) => {
    const parts = samples.get(id) ?? [];
    const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return { meta: CHANNELS[id], samples: all, t0S: atS };
  });
  // The SVG carries the SIMULATION marking itself; the title names what is shown.
  const title = `${bed.label} · ${bed.scenarioTitle ?? 'stable patient'} · T+${fmt(atS)}`.slice(0, 70);
  const out = String(flags.get('out') ?? 'strip.svg');
  writeFileSync(out, renderStripSvg(strips, { title, durationS: durS }));
  io.stdout(`Wrote ${out}: ${durS} s of ${strips.length} waveforms of ${bed.bedId} from T+${fmt(atS)}`);
  return 0;
}

function fmt(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}
