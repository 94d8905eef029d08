/**
 * `wardtwin lab serve <ward|scenario|cohort>`: the network host, headless, for a lab session. The
 * engine runs here; students join over WebSocket with the join code, the instructor with the key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import type { LabGradebook } from '../session/api';
import { LabServer } from '../node/lab-server';
import { openFileSession } from '../node/open-source';
import { LabRoster } from '../session/lab';
import { RoleAuthority } from '../session/roles';
import { SPEEDS, type Speed } from '../shared/session-data';
import { SEED_MAX, UsageError, intFlag, parseArgs, type FlagSpec } from './args';
import type { CliIo } from './io';
import type { Command } from './main';
import { PROVENANCE, readAuditKey } from './run';

export const LAB_FLAGS: FlagSpec[] = [
  { name: 'port', value: '<n>', help: 'TCP port to listen on (default 5180; 0 = any free port)' },
  { name: 'host', value: '<addr>', help: 'interface to listen on (default 0.0.0.0: every interface, so the LAN can join; 127.0.0.1 for this machine only)' },
  { name: 'seed', value: '<n>', help: 'run seed, mixed into every bed seed' },
  { name: 'n', value: '<n>', help: 'cohort size (cohort files)' },
  { name: 'speed', value: '<x>', help: `simulation speed (${SPEEDS.join(', ')}; default 1)` },
  { name: 'paused', help: 'load the ward but do not start the clock (the instructor plays it)' },
  { name: 'audit-key', value: '<file>', help: "the lab key: the session's audit log is sealed and its anchor signed with it (HMAC-SHA256)" },
  { name: 'out', value: '<dir>', help: 'when the lab ends, write here its audit log (audit.jsonl) and anchor (manifest.json), and the gradebook: gradebook.csv and reports/<student>.html' },
];

/** Addresses students can type: every IPv4 interface when listening on all of them. */
function joinAddresses(server: LabServer, host: string): string[] {
  const port = new URL(server.url).port;
  if (host !== '0.0.0.0' && host !== '::') return [server.url];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4') out.push(`ws://${a.address}:${port}/`);
  return out.length ? out : [server.url];
}

/** gradebook.csv and reports/<student>.html in `dir` (file names come from lab-gradebook: letters, digits, '-'). */
export function writeGradebook(dir: string, book: LabGradebook): void {
  mkdirSync(join(dir, 'reports'), { recursive: true });
  writeFileSync(join(dir, 'gradebook.csv'), book.csv);
  for (const r of book.reports) writeFileSync(join(dir, 'reports', r.fileName), r.html);
}

/**
 * Serve until `until` settles (tests) or the process is interrupted (Ctrl+C). Returns the exit code.
 * `onReady` hears the running server (tests connect to it).
 */
export async function serveLab(argv: string[], io: CliIo, opts: { until?: Promise<void>; onReady?: (s: LabServer, lab: LabRoster) => void } = {}): Promise<number> {
  const { positionals, flags } = parseArgs(argv, LAB_FLAGS);
  if (positionals[0] !== 'serve' || positionals.length !== 2) throw new UsageError("expected 'serve <ward|scenario|cohort file>'");
  const port = intFlag(flags, 'port', 5180, 0, 65535);
  const seed = intFlag(flags, 'seed', undefined, 0, SEED_MAX);
  const cohortSize = intFlag(flags, 'n', undefined, 1, 100000);
  const host = flags.has('host') ? String(flags.get('host')) : '0.0.0.0';
  let speed: Speed = 1;
  if (flags.has('speed')) {
    const raw = String(flags.get('speed'));
    const s = raw === 'max' ? raw : Number(raw);
    if (!(SPEEDS as readonly (number | string)[]).includes(s)) throw new UsageError(`--speed must be one of ${SPEEDS.join(', ')}; got '${String(flags.get('speed'))}'`);
    speed = s as Speed;
  }
  const auditKey = flags.has('audit-key') ? readAuditKey(String(flags.get('audit-key'))) : undefined;
  const outDir = flags.has('out') ? String(flags.get('out')) : null;
  const { session: engine, source } = openFileSession(positionals[1], seed, auditKey);
  // The authority first, so it sees the ward load (the live leaderboard scores from there).
  const authority = new RoleAuthority(engine);
  const lab = new LabRoster();
  authority.lab = lab;
  const ward = await engine.load({ ...source, cohortSize });
  let server: LabServer;
  try {
    server = await LabServer.start({ engine, authority, port, host });
  } catch (err) {
    await engine.dispose();
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `port ${port} is in use: choose another with --port` : `cannot listen on ${host}:${port}: ${(err as Error).message}`);
  }
  await engine.setSpeed(speed);
  if (!flags.has('paused')) await engine.play();
  io.stdout(
    [
      'WardTwin lab session — SIMULATION — NOT FOR CLINICAL USE',
      `Ward: ${ward.title} (${ward.beds.length} beds), ${flags.has('paused') ? 'paused' : `playing at ${speed}x`}`,
      `Students join at: ${joinAddresses(server, host).join('  ')}`,
      `Join code: ${lab.code}`,
      `Instructor key (keep it to yourself): ${lab.instructorKey}`,
      `Audit log: ${auditKey ? 'sealed and signed with the lab key' : 'sealed, unsigned (no --audit-key)'} when the lab ends${outDir ? `; written to ${outDir}` : ''}`,
      'Press Ctrl+C to end the lab.',
    ].join('\n'),
  );
  opts.onReady?.(server, lab);
  await (opts.until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  // Grades first, while the session still runs (paused: nobody acts meanwhile).
  await engine.pause();
  const book = outDir ? await authority.labGradebook() : null;
  // The lab's record ends here: the log gets its seal (signed with the lab key), and its anchor — the
  // head hash — is what everyone is shown and what `wardtwin audit verify` checks the log against.
  await engine.stop();
  const anchor = engine.sealAudit(auditKey);
  const head = `Audit head: ${anchor.headHash} (${anchor.records} records, session ${anchor.session}${anchor.mac ? ', signed with the lab key' : ''})`;
  // A WebSocket close reason holds at most 123 bytes: the head hash fits, the rest is printed here.
  await server.close(`The instructor ended the lab session. Audit head ${anchor.headHash}`);
  authority.dispose();
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(resolve(outDir, 'audit.jsonl'), await engine.auditLog());
    writeFileSync(resolve(outDir, 'manifest.json'), `${JSON.stringify({ provenance: PROVENANCE, files: ['audit.jsonl'], audit: anchor }, null, 1)}\n`);
  }
  await engine.dispose();
  io.stdout(head);
  if (outDir) io.stdout(`Wrote audit.jsonl and manifest.json to ${outDir} (check with: wardtwin audit verify ${outDir}${auditKey ? ' --audit-key <lab key>' : ''})`);
  if (outDir && book) {
    writeGradebook(outDir, book);
    io.stdout(`Gradebook: ${join(outDir, 'gradebook.csv')} and ${book.reports.length} student report(s) in ${join(outDir, 'reports')}`);
  }
  io.stdout('Lab session ended.');
  return 0;
}

export const labCommand: Command = {
  name: 'lab',
  usage: 'wardtwin lab serve <ward|scenario|cohort> [--port 5180] [--host 0.0.0.0] [--seed N] [--speed 1] [--paused] [--audit-key <file>] [--out <dir>]',
  summary: 'Run a lab session: the engine runs here and students join over the network with a join code (the instructor with the key printed).',
  flags: LAB_FLAGS,
  run: (argv, io) => serveLab(argv, io),
};
