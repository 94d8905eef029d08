/**
 * `wardtwin lab serve <ward|scenario|cohort>`: the network host, headless, for a lab session. The
 * engine runs here; students join over WebSocket with the join code, the instructor with the key.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabGradebook, SessionEvent, SessionSnapshot } from '../session/api';
import { LabServer } from '../node/lab-server';
import { openFileSession } from '../node/open-source';
import { LabRoster, type LabRosterState } from '../session/lab';
import { RoleAuthority, type LabCopyState } from '../session/roles';
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
  { name: 'copies', help: 'give every student who joins a copy of the ward of their own (same scenario and seed, on the lab clock) instead of the shared ward' },
  { name: 'state', value: '<dir>', help: 'save the lab here every few seconds (session, roster, tokens, modules); started again with the same folder after a crash, the lab resumes and students reconnect with their tokens' },
  { name: 'autosave-s', value: '<n>', help: 'seconds between saves with --state (default 10)' },
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

const LAB_SAVE = 'lab-state.json';
/** The browser host's build (`npm run build:web`), served as the lab's page on the same port. */
const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist-web');

interface LabSave {
  format: 'wardtwin-lab-save/1';
  session: SessionSnapshot;
  roster: LabRosterState;
  lab: { owners: [string, string | null][]; events: SessionEvent[]; released: boolean };
  /** Students' copies of the ward (absent in saves from before copies existed). */
  copies?: LabCopyState[];
}

/** The lab saved in `dir`, or null when there is none (a new lab). */
function readLabSave(dir: string): LabSave | null {
  const file = join(dir, LAB_SAVE);
  if (!existsSync(file)) return null;
  let s: LabSave;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as LabSave;
  } catch (err) {
    throw new Error(`${file}: the saved lab cannot be read (${(err as Error).message}); move it away to start a new lab`);
  }
  if (s?.format !== 'wardtwin-lab-save/1' || !s.session || !s.roster || !s.lab) throw new Error(`${file}: not a saved WardTwin lab (format wardtwin-lab-save/1); move it away to start a new lab`);
  return s;
}

/** Whole-file write through a temporary file renamed over the old one: a crash mid-save keeps the previous save. */
function writeLabSave(dir: string, s: LabSave): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${LAB_SAVE}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(s), { mode: 0o600 }); // holds the tokens and the instructor key
  renameSync(tmp, join(dir, LAB_SAVE));
}

const clockText = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

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
  const stateDir = flags.has('state') ? String(flags.get('state')) : null;
  const autosaveS = intFlag(flags, 'autosave-s', 10, 1, 3600);
  const saved = stateDir ? readLabSave(stateDir) : null;
  const { session: engine, source } = openFileSession(positionals[1], seed, auditKey);
  // The authority first, so it sees the ward load (the live leaderboard scores from there).
  const authority = new RoleAuthority(engine);
  const lab = new LabRoster(saved?.roster);
  authority.lab = lab;
  // A copy is a fresh session of the same file (same library, same key), loaded by the lab with the shared ward's source.
  authority.copyFactory = () => openFileSession(positionals[1], seed, auditKey).session;
  authority.copyEveryStudent = flags.has('copies');
  const ward = saved ? await engine.restore(saved.session) : await engine.load({ ...source, cohortSize });
  if (saved) {
    authority.restoreLabState(saved.lab);
    for (const c of saved.copies ?? []) await authority.restoreCopy(c);
  }
  let server: LabServer;
  try {
    server = await LabServer.start({ engine, authority, port, host, webRoot: WEB_ROOT });
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
      `Open the lab in a browser on the LAN: ${joinAddresses(server, host)
        .map((u) => u.replace(/^ws:/, 'http:'))
        .join('  ')}${existsSync(join(WEB_ROOT, 'index.html')) ? '' : '  (web UI not built: run `npm run build:web`, then start the lab again)'}`,
      // The key travels in the fragment (#key=…): browsers never send it to the server in a request line.
      `Instructor page (keep it to yourself): ${host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${new URL(server.url).port}/` : server.pageUrl}#key=${lab.instructorKey}`,
      `Students join at: ${joinAddresses(server, host).join('  ')}  (scripts: connectLab)`,
      `Join code: ${lab.code}`,
      `Instructor key (keep it to yourself): ${lab.instructorKey}`,
      `Audit log: ${auditKey ? 'sealed and signed with the lab key' : 'sealed, unsigned (no --audit-key)'} when the lab ends${outDir ? `; written to ${outDir}` : ''}`,
      ...(saved ? [`Resumed the lab saved at simulated ${clockText(saved.session.simTimeS)} with ${saved.roster.members.length} student(s)${saved.copies?.length ? ` and ${saved.copies.length} copy(ies) of the ward` : ''}: they reconnect with their tokens.`] : []),
      ...(flags.has('copies') ? ['Every student who joins gets a copy of the ward of their own (same scenario and seed, on this clock).'] : []),
      ...(stateDir ? [`Saving the lab to ${stateDir} every ${autosaveS} s (start again with --state ${stateDir} to resume after a crash).`] : []),
      'Press Ctrl+C to end the lab.',
    ].join('\n'),
  );
  // Autosave: one save at a time; a save that fails is reported once per reason, the lab goes on.
  let saving: Promise<void> | null = null;
  let lastSaveError = '';
  const save = async () => {
    if (!stateDir || saving) return;
    saving = (async () => {
      try {
        // The shared ward and every copy at the same step (the clock held while they are taken).
        const { session, copies } = await authority.labSnapshot();
        writeLabSave(stateDir, { format: 'wardtwin-lab-save/1', session, roster: lab.state(), lab: authority.labState(), copies });
      } catch (err) {
        const msg = (err as Error).message;
        if (msg !== lastSaveError) io.stderr(`wardtwin lab: could not save the lab to ${stateDir}: ${msg}`);
        lastSaveError = msg;
      }
    })();
    await saving;
    saving = null;
  };
  const autosave = stateDir ? setInterval(() => void save(), autosaveS * 1000) : null;
  autosave?.unref?.();
  if (stateDir) await save();
  opts.onReady?.(server, lab);
  await (opts.until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  if (autosave) clearInterval(autosave);
  await saving;
  // Grades first, while the session still runs (paused: nobody acts meanwhile).
  await engine.pause();
  const book = outDir ? await authority.labGradebook() : null;
  // Each copy's own audit log (the student's actions in it), sealed like the shared ward's.
  const copyLogs: { student: string; log: string; head: string }[] = [];
  for (const [student, v] of authority.copies) {
    const copy = v.engine as typeof engine;
    await v.ready.catch(() => {});
    await copy.stop();
    copyLogs.push({ student, head: copy.sealAudit(auditKey).headHash, log: await copy.auditLog() });
  }
  await authority.disposeCopies();
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
    if (copyLogs.length) {
      mkdirSync(join(outDir, 'copies'), { recursive: true });
      const taken = new Set<string>();
      for (const c of copyLogs) {
        const base = c.student.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'student';
        let f = base;
        for (let i = 2; taken.has(f); i++) f = `${base}-${i}`;
        taken.add(f);
        writeFileSync(join(outDir, 'copies', `${f}.audit.jsonl`), c.log);
      }
      io.stdout(`Wrote the audit logs of ${copyLogs.length} copy(ies) of the ward to ${join(outDir, 'copies')} (heads: ${copyLogs.map((c) => `${c.student} ${c.head}`).join(', ')})`);
    }
  }
  await engine.dispose();
  io.stdout(head);
  if (outDir) io.stdout(`Wrote audit.jsonl and manifest.json to ${outDir} (check with: wardtwin audit verify ${outDir}${auditKey ? ' --audit-key <lab key>' : ''})`);
  if (outDir && book) {
    writeGradebook(outDir, book);
    io.stdout(`Gradebook: ${join(outDir, 'gradebook.csv')} and ${book.reports.length} student report(s) in ${join(outDir, 'reports')}`);
  }
  // Ended as it should: the save is not a crash to resume from.
  if (stateDir) rmSync(join(stateDir, LAB_SAVE), { force: true });
  io.stdout('Lab session ended.');
  return 0;
}

export const labCommand: Command = {
  name: 'lab',
  usage: 'wardtwin lab serve <ward|scenario|cohort> [--port 5180] [--host 0.0.0.0] [--seed N] [--speed 1] [--paused] [--copies] [--state <dir>] [--audit-key <file>] [--out <dir>]',
  summary: 'Run a lab session: the engine runs here and students join over the network with a join code (the instructor with the key printed).',
  flags: LAB_FLAGS,
  run: (argv, io) => serveLab(argv, io),
};
