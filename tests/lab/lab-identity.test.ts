/**
 * Lab sessions over the network host: join codes, tokens, the instructor's roster, removal, and an
 * audit log that names the student behind each action.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeSession } from '../../twin-engine/node/create-node-session';
import { connectLab } from '../../twin-engine/node/lab-client';
import { LabServer } from '../../twin-engine/node/lab-server';
import type { Session } from '../../twin-engine/session/api';
import { LabRoster } from '../../twin-engine/session/lab';
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
    expect(roster.students).toEqual([{ name: 'Ada L', joinedAtS: 0, connections: 1 }]);
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
  }, 60_000);
});
