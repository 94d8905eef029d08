/**
 * `wardtwin export <scenario|ward> --format csv,wfdb,fhir --out DIR`: simulate headless with every
 * waveform and write the chosen formats. Exported as a Command for cli/main.ts to register.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { captureWard, exportFiles, EXPORT_FORMATS, playablePlan, type ExportFormat } from '../export/index';
import { SCENARIOS_DIR } from '../node/library-fs';
import { SIMULATION_NOTICE } from '../session/api';
import { SEED_MAX, UsageError, intFlag, parseArgs, parseDurationS, type FlagSpec } from './args';
import type { CliIo } from './io';
import type { Command } from './main';

export const EXPORT_FLAGS: FlagSpec[] = [
  { name: 'format', value: '<list>', help: 'comma-separated: csv, wfdb, fhir (default all three)' },
  { name: 'duration', value: '<time>', help: "simulated time, e.g. '10m' (default 10m; waveforms are ~1 MB per bed-minute)" },
  { name: 'seed', value: '<n>', help: "run seed mixed into every bed seed (default: the file's own)" },
  { name: 'wfdb-format', value: '<16|212>', help: 'WFDB signal format (default 16)' },
  { name: 'fhir-interval', value: '<time>', help: 'one FHIR observation set per interval (default 5m)' },
  { name: 'start', value: '<iso>', help: 'wall-clock time of simulated t = 0 for FHIR and the WFDB headers (default 2024-01-01T08:00:00Z)' },
  { name: 'out', value: '<dir>', help: 'output folder' },
];

export function parseFormats(text: string): ExportFormat[] {
  const out = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of out) if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format '${f}' (known: ${EXPORT_FORMATS.join(', ')})`);
  return out as ExportFormat[];
}

export async function runExportCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, EXPORT_FLAGS);
  if (positionals.length !== 1) throw new UsageError('give exactly one scenario or ward file');
  const out = flags.get('out');
  if (typeof out !== 'string') throw new UsageError('--out is required');
  const formats = parseFormats(String(flags.get('format') ?? EXPORT_FORMATS.join(',')));
  const durationS = flags.has('duration') ? parseDurationS(String(flags.get('duration'))) : 600;
  const wf = Number(flags.get('wfdb-format') ?? 16);
  if (wf !== 16 && wf !== 212) throw new UsageError(`--wfdb-format must be 16 or 212; got '${flags.get('wfdb-format')}'`);
  const seed = intFlag(flags, 'seed', undefined, 0, SEED_MAX);
  const abs = resolve(positionals[0]);
  const libRel = relative(SCENARIOS_DIR, abs);
  const inLibrary = !libRel.startsWith('..');
  const base = inLibrary ? SCENARIOS_DIR : dirname(abs);
  const plan = playablePlan(readFileSync(abs, 'utf8'), inLibrary ? libRel.split('\\').join('/') : basename(abs), (p) => readFileSync(resolve(base, p), 'utf8'), seed);
  const cap = await captureWard(plan, durationS, { waveforms: formats.includes('wfdb') });
  const files = exportFiles(cap, formats, {
    wfdbFormat: wf,
    fhirIntervalS: flags.has('fhir-interval') ? parseDurationS(String(flags.get('fhir-interval'))) : 300,
    startIso: flags.has('start') ? String(flags.get('start')) : undefined,
  });
  for (const [name, data] of Object.entries(files)) {
    const p = resolve(out, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
  }
  io.stdout(`Exported ${cap.beds.length} bed(s), ${(durationS / 60).toFixed(0)} min, as ${formats.join(', ')}: ${Object.keys(files).length} file(s) in ${out}. ${SIMULATION_NOTICE}`);
  return 0;
}

export const EXPORT_COMMAND: Command = {
  name: 'export',
  usage: 'wardtwin export <scenario|ward> [--format csv,wfdb,fhir] [--duration 10m] [--seed N] --out DIR',
  summary: 'Simulate headless and export numerics (CSV), waveforms with beat/rhythm annotations (WFDB) and vital signs (FHIR R4).',
  flags: EXPORT_FLAGS,
  run: runExportCommand,
};
