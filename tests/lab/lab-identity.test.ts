/**
 * Lab sessions over the network host: join codes, tokens, the instructor's roster, removal, and an
 * audit log that names the student behind each action.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeSession } from '../../twin-engine/node/create-node-session';
import { connectLab } from '../../twin-engine/node/lab-client';
import { LabServer, Ring } from '../../twin-engine/node/lab-server';
import type { Session, SessionEvent } from '../../twin-engine/session/api';
import { compareModules } from '../../twin-engine/evaluation/session-metrics';
import { DEFAULT_SCORING } from '../../twin-engine/evaluation/types';
import { LabRoster } from '../../twin-engine/session/lab';
import { messageTransport } from '../../twin-engine/session/client';
import { socketChannel, type SocketLike } from '../../twin-engine/session/socket-channel';
import { encodeFrame } from '../../twin-engine/session/wire';
import { RoleAuthority } from '../../twin-engine/session/roles';

async function startLab() {
  const engine = createNodeSession();
  const authority = new RoleAuthority(engine);
  authority.lab = new LabRoster();
  const server = await LabServer.start({ engine, authority });
  const open: Session[] = [];
  const connect = (req: Parameters<typeof connectLab>[1], onClose?: (r: string) => void) => {
    const s = connectLab(server.url, req, { onClose });
    open.push(s);
    return s;
  };
  return {
    engine,
    authority,
    lab: authority.lab,
    server,
    connect,
    async dispose() {
      for (const s of open) await s.dispose();
      await server.close();
      authority.dispose();
      await engine.dispose();
    },
  };
}

let lab: Awaited<ReturnType<typeof startLab>> | null = null;
afterEach(async () => {
  await lab?.dispose();
  lab = null;
});

describe('lab identity', () => {
  it('admits the instructor by key and students by code and name; the roster lists them', async () => {
    lab = await startLab();
    await expect(lab.connect({ role: 'instructor' }).status()).rejects.toThrow(
      'The session host refused the connection: An instructor connection to a lab needs the instructor key printed by `wardtwin lab serve`',
    );
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    expect((await teacher.access()).role).toBe('instructor');
    await expect(lab.connect({ role: 'student', joinCode: 'WRONG1', name: 'Ada' }).status()).rejects.toThrow('Wrong join code: ask the instructor for the current code');
    await expect(lab.connect({ role: 'student', joinCode: lab.lab.code, name: '' }).status()).rejects.toThrow('A student joins with a name or ID');
    const ada = lab.connect({ role: 'student', joinCode: lab.lab.code.toLowerCase(), name: 'Ada L' });
    const a = await ada.access();
    expect(a).toMatchObject({ role: 'student', name: 'Ada L' });
    expect(a.token).toMatch(/^[0-9a-f]{48}$/);
    await expect(lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'ada l' }).status()).rejects.toThrow("The name 'ada l' is taken in this lab");
    const roster = await teacher.labRoster();
    expect(roster.code).toBe(lab.lab.code);
    expect(roster.students).toEqual([{ name: 'Ada L', joinedAtS: 0, connections: 1, beds: null, copy: false }]);
    // Students cannot read the roster or manage the lab.
    await expect(ada.labRoster()).rejects.toThrow("'labRoster' is an instructor command (the roster names every student); this connection is a student");
    await expect(ada.labRotateCode()).rejects.toThrow("'labRotateCode' is an instructor command");
    await expect(ada.labRemove('Ada L')).rejects.toThrow("'labRemove' is an instructor command");
  });

  it('rotating the code keeps students in and refuses the old code', async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    const old = lab.lab.code;
    const ada = lab.connect({ role: 'student', joinCode: old, name: 'Ada' });
    const { token } = await ada.access();
    const fresh = await teacher.labRotateCode();
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    await expect(lab.connect({ role: 'student', joinCode: old, name: 'Bob' }).status()).rejects.toThrow('Wrong join code');
    expect((await lab.connect({ role: 'student', joinCode: fresh, name: 'Bob' }).access()).name).toBe('Bob');
    // Ada's token still opens a connection as Ada.
    expect((await lab.connect({ role: 'student', token }).access()).name).toBe('Ada');
    expect((await teacher.labRoster()).students.map((s) => [s.name, s.connections])).toEqual([
      ['Ada', 2],
      ['Bob', 1],
    ]);
  });

  it('removing a student closes their connection and voids their token', async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    let closed = '';
    const gone = new Promise<void>((resolve) => {
      const ada = lab!.connect({ role: 'student', joinCode: lab!.lab.code, name: 'Ada' }, (r) => {
        closed = r;
        resolve();
      });
      void ada.access().then(async ({ token }) => {
        await teacher.labRemove('Ada');
        (globalThis as { adaToken?: string }).adaToken = token;
      });
    });
    await gone;
    expect(closed).toBe('The instructor removed you from the lab');
    const token = (globalThis as { adaToken?: string }).adaToken;
    await expect(lab.connect({ role: 'student', token }).status()).rejects.toThrow('The instructor removed this student from the lab');
    expect((await teacher.labRoster()).students).toEqual([]);
    await expect(teacher.labRemove('Nobody')).rejects.toThrow("No student 'Nobody' in this lab");
  });

  it('the audit log names the student behind each learner action, module attach and acknowledgement', async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    const ward = await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const bed = ward.beds[0].bedId;
    const ada = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Ada' });
    await ada.acknowledgeSimulation('anyone', 'I understand this is a simulation');
    await teacher.step(2);
    await ada.applyIntervention(bed, { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 }, 'learner');
    await ada.recordAction(bed, 'oxygen');
    await ada.orderLab(bed, 'lactate');
    await ada.attachModule({ kind: 'builtin', id: 'news2' });
    await teacher.applyIntervention(bed, { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 4 }, 'instructor');
    const records = (await teacher.auditLog())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type?: string; kind?: string; data?: Record<string, unknown>; payload?: Record<string, unknown> });
    const body = (r: (typeof records)[number]) => (r.data ?? r.payload ?? r) as Record<string, unknown>;
    const kind = (r: (typeof records)[number]) => r.kind ?? r.type;
    const ack = records.find((r) => kind(r) === 'acknowledgement' && body(r).text === 'I understand this is a simulation');
    expect(body(ack!).who).toBe('Ada');
    const learner = records.filter((r) => kind(r) === 'learner_action');
    expect(learner.length).toBeGreaterThanOrEqual(2);
    for (const r of learner) expect(body(r).who).toBe('Ada');
    const attach = records.find((r) => kind(r) === 'module_status');
    expect(body(attach!).who).toBe('Ada');
    const instr = records.filter((r) => kind(r) === 'instructor_action');
    expect(instr.length).toBe(1);
    expect(body(instr[0]).who).toBeUndefined();
  }, 60_000);
});

describe('wardtwin lab serve', () => {
  it('prints the address, join code and instructor key; a student joins with the code and sees the ward playing', async () => {
    const { serveLab } = await import('../../twin-engine/cli/lab');
    const out: string[] = [];
    let end: () => void = () => {};
    const until = new Promise<void>((r) => (end = r));
    let ready: (v: { url: string; code: string; key: string }) => void = () => {};
    const started = new Promise<{ url: string; code: string; key: string }>((r) => (ready = r));
    const done = serveLab(['serve', 'scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '3'], { stdout: (s) => out.push(s), stderr: () => {}, isTty: false }, {
      until,
      onReady: (s, lab) => ready({ url: s.url, code: lab.code, key: lab.instructorKey }),
    });
    const { url, code, key } = await started;
    const text = out.join('\n');
    expect(text).toContain('SIMULATION — NOT FOR CLINICAL USE');
    expect(text).toContain(`Students join at: ${url}`);
    expect(text).toContain(`Join code: ${code}`);
    expect(text).toContain(`Instructor key (keep it to yourself): ${key}`);
    expect(text).toContain('(8 beds), playing at 1x');
    const student = connectLab(url, { role: 'student', joinCode: code, name: 'Grace' });
    const st = await student.status();
    expect(st.runState).toBe('playing');
    expect(st.ward?.title).toBe('Ward'); // redacted for students
    await student.dispose();
    end();
    expect(await done).toBe(0);
    expect(out.at(-1)).toBe('Lab session ended.');
  }, 60_000);

  it('--out: when the lab ends it writes the gradebook, one CSV row per student and module and one HTML report per student', async () => {
    const { serveLab } = await import('../../twin-engine/cli/lab');
    const dir = mkdtempSync(join(tmpdir(), 'wt-gradebook-'));
    let end: () => void = () => {};
    const until = new Promise<void>((r) => (end = r));
    let ready: (v: { url: string; code: string; key: string }) => void = () => {};
    const started = new Promise<{ url: string; code: string; key: string }>((r) => (ready = r));
    const out: string[] = [];
    const done = serveLab(['serve', 'scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '3', '--paused', '--out', dir], { stdout: (s) => out.push(s), stderr: () => {}, isTty: false }, {
      until,
      onReady: (s, lab) => ready({ url: s.url, code: lab.code, key: lab.instructorKey }),
    });
    const { url, code, key } = await started;
    const teacher = connectLab(url, { role: 'instructor', token: key });
    const ada = connectLab(url, { role: 'student', joinCode: code, name: 'Ada' });
    const neil = connectLab(url, { role: 'student', joinCode: code, name: "O'Neil" });
    await ada.attachModule({ kind: 'builtin', id: 'news2' });
    await neil.access();
    await teacher.labAssignBeds('Ada', ['bed-1', 'bed-2']);
    await teacher.step(3600);
    await ada.applyIntervention('bed-1', { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 }, 'learner');
    await teacher.step(60);
    const board = await teacher.labLeaderboard();
    const expected = await teacher.expectedActions();
    for (const s of [teacher, ada, neil]) await s.dispose();
    end();
    expect(await done).toBe(0);
    expect(out.join('\n')).toContain(`Gradebook: ${join(dir, 'gradebook.csv')} and 2 student report(s) in ${join(dir, 'reports')}`);
    const csv = readFileSync(join(dir, 'gradebook.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('# WardTwin lab gradebook — SIMULATION — NOT FOR CLINICAL USE — ward: Medical ward 7B (simulated), 01:01:00 simulated');
    expect(csv[1]).toBe('student,beds,module,module_status,targets,episodes,detected,sensitivity,ppv,false_alarms_per_patient_hour,latency_median_min,monitor_detected,monitor_sensitivity,monitor_false_alarms_per_patient_hour,expected_actions,actions_met,actions_late,actions_missed,actions_pending');
    expect(csv).toHaveLength(5); // notice, header, Ada × news2, O'Neil without a module, final newline
    const ada1 = csv[2].split(',');
    const row = board.rows.find((r) => r.owner === 'Ada')!;
    const count = (beds: string[], st: string) => beds.flatMap((b) => expected[b] ?? []).filter((r) => r.status === st).length;
    const adaBeds = ['bed-1', 'bed-2'];
    const triggered = adaBeds.flatMap((b) => expected[b] ?? []).filter((r) => r.status !== 'not_triggered').length;
    // the leaderboard and the gradebook score the same session the same way (bootstrap aside)
    expect(ada1.slice(0, 7)).toEqual(['Ada', 'bed-1 bed-2', 'news2', 'running', row.targets.join(' '), String(row.module.episodes), String(row.module.detected)]);
    expect(ada1.slice(14)).toEqual([triggered, count(adaBeds, 'met'), count(adaBeds, 'late'), count(adaBeds, 'missed'), count(adaBeds, 'pending')].map(String));
    const all = Object.keys(expected);
    expect(csv[3]).toBe(`O'Neil,all,,,,,,,,,,,,,${all.flatMap((b) => expected[b]).filter((r) => r.status !== 'not_triggered').length},${count(all, 'met')},${count(all, 'late')},${count(all, 'missed')},${count(all, 'pending')}`);
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['ada.html', 'o-neil.html']);
    const html = readFileSync(join(dir, 'reports', 'ada.html'), 'utf8');
    for (const t of ['SIMULATION — NOT FOR CLINICAL USE', '<h1>Ada</h1>', 'Beds: bed-1, bed-2.', '<h3>news2', 'Missed episodes:', 'Expected actions on these beds']) expect(html).toContain(t);
    expect(readFileSync(join(dir, 'reports', 'o-neil.html'), 'utf8')).toContain('<h1>O&#39;Neil</h1>'.replace('&#39;', "'"));
  }, 180_000);

  it('with --audit-key and --out, ends the lab with a sealed, signed log and shows its head to the students', async () => {
    const { serveLab } = await import('../../twin-engine/cli/lab');
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { auditCommand } = await import('../../twin-engine/cli/audit');
    const dir = mkdtempSync(join(tmpdir(), 'wardtwin-lab-audit-'));
    try {
      const keyFile = join(dir, 'lab.key');
      writeFileSync(keyFile, 'k'.repeat(32));
      const out: string[] = [];
      let end: () => void = () => {};
      const until = new Promise<void>((r) => (end = r));
      let ready: (v: { url: string; code: string }) => void = () => {};
      const started = new Promise<{ url: string; code: string }>((r) => (ready = r));
      const done = serveLab(['serve', 'scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '3', '--paused', '--audit-key', keyFile, '--out', join(dir, 'lab')], { stdout: (s) => out.push(s), stderr: () => {}, isTty: false }, {
        until,
        onReady: (s, lab) => ready({ url: s.url, code: lab.code }),
      });
      const { url, code } = await started;
      expect(out.join('\n')).toContain(`Audit log: sealed and signed with the lab key when the lab ends; written to ${join(dir, 'lab')}`);
      let closedWith: (reason: string) => void = () => {};
      const closed = new Promise<string>((r) => (closedWith = r));
      const student = connectLab(url, { role: 'student', joinCode: code, name: 'Grace' }, { onClose: (reason) => closedWith(reason) });
      await student.status();
      await student.acknowledgeSimulation('Grace', 'I understand this is simulated data, not for clinical use');
      end();
      expect(await done).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'lab', 'manifest.json'), 'utf8')) as { audit: { headHash: string; records: number; mac?: string } };
      expect(manifest.audit.mac).toMatch(/^[0-9a-f]{64}$/);
      expect(out).toContain(`Audit head: ${manifest.audit.headHash} (${manifest.audit.records} records, session ${(manifest.audit as { session?: string }).session}, signed with the lab key)`);
      const log = readFileSync(join(dir, 'lab', 'audit.jsonl'), 'utf8');
      expect(log).toContain('"kind":"acknowledgement"');
      expect(log.trimEnd().split('\n').at(-1)).toContain('"kind":"seal"');
      // The student's connection ends with the anchor in the reason it is given.
      expect(await closed).toContain(`Audit head ${manifest.audit.headHash}`);
      await student.dispose();
      const v: string[] = [];
      expect(await auditCommand.run(['verify', join(dir, 'lab'), '--audit-key', keyFile], { stdout: (s) => v.push(s), stderr: () => {}, isTty: false })).toBe(0);
      expect(v.join('\n')).toContain(`chain intact, head hash ${manifest.audit.headHash}; anchor in ${join(dir, 'lab', 'manifest.json')}, signatures valid.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a bad --speed with the allowed values', async () => {
    const { serveLab } = await import('../../twin-engine/cli/lab');
    await expect(serveLab(['serve', 'scenarios/wards/default.yaml', '--speed', '3'], { stdout: () => {}, stderr: () => {}, isTty: false })).rejects.toThrow(
      "--speed must be one of 1, 2, 5, 10, 60, max; got '3'",
    );
  });
});

describe('bed assignment', () => {
  it('a student acts only on the beds the instructor assigned, at once on open connections and after a reconnect', async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const ada = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Ada' });
    const oxygen = { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 } as const;
    expect((await ada.access()).beds).toBeNull(); // not assigned: every bed, as before a lab assigns
    await ada.applyIntervention('bed-1', oxygen, 'learner');
    await expect(ada.labAssignBeds('Ada', ['bed-1'])).rejects.toThrow("'labAssignBeds' is an instructor command (the instructor assigns beds); this connection is a student");
    await expect(teacher.labAssignBeds('Ada', ['bed-2', 'bed-99'])).rejects.toThrow("No bed 'bed-99' in this ward (beds: bed-1, bed-2, bed-3, bed-4, bed-5, bed-6, bed-7, bed-8)");
    await expect(teacher.labAssignBeds('Nobody', ['bed-2'])).rejects.toThrow("No student 'Nobody' in this lab");
    await teacher.labAssignBeds('Ada', ['bed-2', 'bed-3']);
    await expect(ada.applyIntervention('bed-1', oxygen, 'learner')).rejects.toThrow("'applyIntervention': bed 'bed-1' is not assigned to this connection");
    await expect(ada.acknowledgeAlarm('bed-4', 'x')).rejects.toThrow("'acknowledgeAlarm': bed 'bed-4' is not assigned to this connection");
    await ada.applyIntervention('bed-2', oxygen, 'learner');
    expect((await ada.access()).beds).toEqual(['bed-2', 'bed-3']);
    expect((await teacher.labRoster()).students).toEqual([expect.objectContaining({ name: 'Ada', beds: ['bed-2', 'bed-3'] })]);
    const { token } = await ada.access();
    await ada.dispose();
    const back = lab.connect({ role: 'student', token });
    await expect(back.applyIntervention('bed-1', oxygen, 'learner')).rejects.toThrow("bed 'bed-1' is not assigned to this connection");
    await teacher.labAssignBeds('Ada', null);
    await back.applyIntervention('bed-1', oxygen, 'learner');
  }, 60_000);
});

describe('what a student sees in a lab', () => {
  it("only their beds and their own modules: another student's findings, the instructor's modules and other beds never reach them, live or replayed", async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const ada = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Ada' });
    const bob = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Bob' });
    await ada.access(); // admitted on their first message
    await bob.access();
    await teacher.labAssignBeds('Ada', ['bed-1', 'bed-2']);
    await teacher.labAssignBeds('Bob', ['bed-3']);
    await ada.attachModule({ kind: 'builtin', id: 'hypoxemia' });
    await bob.attachModule({ kind: 'builtin', id: 'news2' });
    await teacher.attachModule({ kind: 'builtin', id: 'qrs-pan-tompkins' });
    const seen = { adaBeds: new Set<string>(), bobBeds: new Set<string>(), adaEvents: [] as SessionEvent[], teacherFindings: [] as string[], teacherScoreBeds: new Set<string>() };
    ada.numerics({}).subscribe((f) => seen.adaBeds.add(f.bedId));
    bob.numerics({}).subscribe((f) => seen.bobBeds.add(f.bedId));
    ada.events().subscribe((e) => seen.adaEvents.push(e));
    teacher.events().subscribe((e) => e.type === 'finding' && seen.teacherFindings.push(e.finding.moduleId));
    teacher.events().subscribe((e) => e.type === 'score' && e.score.moduleId === 'news2' && seen.teacherScoreBeds.add(e.bedId));
    await expect(firstValueFrom(ada.numerics({ bedId: 'bed-3' }))).rejects.toThrow("'numerics': bed 'bed-3' is not assigned to this connection");
    await expect(firstValueFrom(ada.waveforms({ bedId: 'bed-3', channels: ['ecg_ii'] }))).rejects.toThrow("'waveforms': bed 'bed-3' is not assigned to this connection");
    // 80 min: bed 7's AF starts at 70 min (its start_offset) and is what the instructor's QRS module
    // reports; bed 1's sepsis tachycardia only grazes 100/min within the first hour.
    await teacher.step(4800);
    await ada.access();
    await bob.access();
    expect([...seen.adaBeds].sort()).toEqual(['bed-1', 'bed-2']);
    expect([...seen.bobBeds]).toEqual(['bed-3']);
    // The others' modules did report in this time (so hiding them is tested, not assumed)…
    expect(new Set(seen.teacherFindings)).toEqual(new Set(['hypoxemia', 'news2', 'qrs-pan-tompkins']));
    // …and Ada saw none of it: her module's findings only, her beds' events only.
    const beds = (es: SessionEvent[]) => new Set(es.flatMap((e) => ('bedId' in e && e.bedId !== null ? [e.bedId] : [])));
    expect([...beds(seen.adaEvents)].every((b) => b === 'bed-1' || b === 'bed-2')).toBe(true);
    expect(seen.adaEvents.filter((e) => e.type === 'finding').every((e) => e.type === 'finding' && e.finding.moduleId === 'hypoxemia')).toBe(true);
    expect(seen.adaEvents.filter((e) => e.type === 'module').every((e) => e.type === 'module' && e.moduleId === 'hypoxemia')).toBe(true);
    // Bob's NEWS2 publishes its score each minute on every bed, Ada's included; none of it reaches her.
    expect(seen.teacherScoreBeds.has('bed-1')).toBe(true);
    expect(seen.adaEvents.filter((e) => e.type === 'score')).toEqual([]);
    const st = await ada.status();
    expect(st.ward!.beds.map((b) => b.bedId)).toEqual(['bed-1', 'bed-2']);
    expect(st.modules.map((m) => m.moduleId)).toEqual(['hypoxemia']);
    // Back after a drop: the missed part is replayed as she may see it.
    const { token } = await ada.access();
    await ada.dispose();
    await new Promise((r) => setTimeout(r, 100));
    await teacher.step(1800);
    const back = lab.connect({ role: 'student', token });
    const replayedBeds = new Set<string>();
    const replayed: SessionEvent[] = [];
    back.numerics({}).subscribe((f) => replayedBeds.add(f.bedId));
    back.events().subscribe((e) => replayed.push(e));
    await back.access();
    expect([...replayedBeds].sort()).toEqual(['bed-1', 'bed-2']);
    expect(replayed.length).toBeGreaterThan(0);
    expect([...beds(replayed)].every((b) => b === 'bed-1' || b === 'bed-2')).toBe(true);
    expect(replayed.filter((e) => e.type === 'finding').every((e) => e.type === 'finding' && e.finding.moduleId === 'hypoxemia')).toBe(true);
  }, 180_000);
});

describe('live leaderboard', () => {
  it("ranks the students' modules on the truth so far, by the debrief's scoring path; students cannot see it or detach another's module", async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    const ward = await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const events: SessionEvent[] = [];
    teacher.events().subscribe((e) => events.push(e));
    const ada = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Ada' });
    const bob = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Bob' });
    const news2 = await ada.attachModule({ kind: 'builtin', id: 'news2' });
    const si = await bob.attachModule({ kind: 'builtin', id: 'shock-index' });
    await expect(bob.detachModule(news2.moduleId)).rejects.toThrow(`'detachModule': module '${news2.moduleId}' is not yours; a student detaches only the modules they attached`);
    await expect(ada.labLeaderboard()).rejects.toThrow("'labLeaderboard' is an instructor command (the leaderboard is scored against the hidden truth)");
    await teacher.step(3600);
    const board = await teacher.labLeaderboard();
    expect(board.simTimeS).toBe(3600);
    expect(board.rows.map((r) => [r.name, r.owner])).toEqual(
      expect.arrayContaining([
        ['news2', 'Ada'],
        ['shock-index', 'Bob'],
      ]),
    );
    expect(board.rows).toHaveLength(2);
    // The same figures the debrief computes from the instructor's own event stream.
    const status = await teacher.status();
    const debrief = compareModules(
      ward.beds.map((b) => b.bedId),
      events,
      3600,
      status.modules.map((m) => ({ moduleId: m.moduleId, emits: m.emits })),
      [news2.moduleId, si.moduleId],
      { ...DEFAULT_SCORING, bootstrapB: 0 },
    );
    for (const row of board.rows) {
      const d = debrief.find((c) => c.moduleId === row.moduleId)!;
      expect(row.targets).toEqual(d.targets);
      expect(row.module).toEqual({
        episodes: d.module.events.episodes,
        detected: d.module.events.detected,
        sensitivity: d.module.events.sensitivity.value,
        ppv: d.module.events.ppv.value,
        falseAlarmsPerPatientHour: d.module.events.falseAlarmsPerPatientHour.value,
        latencyMedianS: d.module.events.latencyMedianS.value,
      });
      expect(row.monitor.episodes).toBe(d.monitor.events.episodes);
    }
    // there was something to score: the default ward's deteriorations are under way within the hour
    expect(board.rows.reduce((n, r) => n + r.module.episodes, 0)).toBeGreaterThan(0);
    await ada.detachModule(news2.moduleId);
  }, 180_000);
});

describe('reconnect', () => {
  it('a student back with their token gets the numerics and events they missed, then the live ones, without gaps', async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    const ward = await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const bed = ward.beds[0].bedId;
    const ada = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Ada' });
    const { token } = await ada.access();
    const seen: number[] = [];
    ada.numerics({ bedId: bed }).subscribe((f) => seen.push(f.simTimeS));
    await teacher.step(5);
    await ada.access(); // every frame of the first 5 s has arrived
    await ada.dispose();
    await new Promise((r) => setTimeout(r, 100)); // the server sees the close
    const bob = lab.connect({ role: 'student', joinCode: lab.lab.code, name: 'Bob' });
    await teacher.step(10);
    await bob.applyIntervention(bed, { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 }, 'learner');
    const back = lab.connect({ role: 'student', token });
    const later: number[] = [];
    const events: string[] = [];
    back.numerics({ bedId: bed }).subscribe((f) => later.push(f.simTimeS));
    back.events().subscribe((e) => events.push(`${e.type}:${'who' in e ? e.who : ''}`));
    expect((await back.access()).name).toBe('Ada');
    await teacher.step(3);
    await back.access();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(later).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(events).toContain('intervention:Bob');
    // Switching beds re-subscribes: the missed part is not replayed a second time.
    const again: number[] = [];
    back.numerics({ bedId: bed }).subscribe((f) => again.push(f.simTimeS));
    await teacher.step(2);
    await back.access();
    expect(again).toEqual([19, 20]);
  }, 60_000);

  it('a dropped connection fails the open streams with the reason, and later requests at once', async () => {
    lab = await startLab();
    const teacher = lab.connect({ role: 'instructor', token: lab.lab.instructorKey });
    await teacher.load({ kind: 'builtin', path: 'wards/default.yaml' });
    let streamError = '';
    teacher.numerics({}).subscribe({ error: (e: Error) => (streamError = e.message) });
    await teacher.access();
    await lab.server.close('The instructor stopped the lab');
    const lost = 'The connection to the session host was lost (The instructor stopped the lab); reconnect to continue';
    await expect(teacher.status()).rejects.toThrow(lost);
    expect(streamError).toBe(lost);
  }, 60_000);
});

describe('a socket that drops', () => {
  it('rejects the request in flight with the reason instead of leaving it waiting', async () => {
    const sent: unknown[] = [];
    const sock = { readyState: 1, send: (f: string) => sent.push(JSON.parse(f)), close() {}, onopen: null, onmessage: null, onclose: null, onerror: null } as unknown as SocketLike & {
      onmessage: (ev: { data: unknown }) => void;
      onclose: (ev: { code: number; reason: string }) => void;
    };
    const t = messageTransport(socketChannel(sock), { role: 'student' });
    sock.onmessage({ data: encodeFrame({ t: 'ready' }) });
    sock.onmessage({ data: encodeFrame({ t: 'welcome', role: 'student' }) });
    const streamErrors: string[] = [];
    t.onStreamError((id, e) => streamErrors.push(`${id}: ${e}`));
    t.subscribe(7, 'numerics', {});
    const inFlight = t.request('status', []);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.at(-1)).toMatchObject({ t: 'cmd', name: 'status' }); // it went out, no answer yet
    sock.onclose({ code: 1006, reason: '' });
    const lost = 'The connection to the session host was lost (connection closed (code 1006)); reconnect to continue';
    await expect(inFlight).rejects.toThrow(lost);
    expect(streamErrors).toEqual([`7: ${lost}`]);
    await expect(t.request('status', [])).rejects.toThrow(lost);
  });
});

describe('Ring (the replay history)', () => {
  it('keeps the newest items in order once full, in constant time per push', () => {
    const r = new Ring<number>(3);
    expect([...r]).toEqual([]);
    for (const x of [1, 2]) r.push(x);
    expect([...r]).toEqual([1, 2]);
    for (const x of [3, 4, 5]) r.push(x);
    expect([...r]).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
    const big = new Ring<number>(144_000);
    for (let i = 0; i < 500_000; i++) big.push(i);
    const all = [...big];
    expect(all.length).toBe(144_000);
    expect(all[0]).toBe(356_000);
    expect(all.at(-1)).toBe(499_999);
  });
});
