/**
 * Roles are enforced by every host, not by a UI: a student connection is refused the hidden truth and
 * every instructor command with the reason, receives no scenario titles, states, conditions or truth
 * episodes until the instructor releases the debrief, and becomes instructor only with the PIN.
 */
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineSession } from '../../twin-engine/session/create-session';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { COMMAND_NAMES, type NumericsFrame, type Session, type SessionEvent } from '../../twin-engine/session/api';
import { COMMAND_ACCESS, RoleAuthority } from '../../twin-engine/session/roles';
import { HOSTS } from './hosts';

const SEPSIS = { kind: 'builtin', path: 'sepsis-urosepsis.yaml' } as const;
const TITLE = 'Urosepsis progressing to septic shock';
const PIN = '4821';
const INSTRUCTOR_COMMANDS = COMMAND_NAMES.filter((n) => COMMAND_ACCESS[n][0] === 'instructor');

/** What a student must not receive before the debrief (the scenario's learner-facing notes and labs are fine). */
function answers(evs: SessionEvent[]): SessionEvent[] {
  return evs.filter(
    (e) =>
      e.type === 'episode' ||
      e.type === 'condition' ||
      (e.type === 'scenario' && !['note', 'lab_result', 'learner_action'].includes(e.kind)) ||
      (e.type === 'intervention' && e.by !== 'learner') ||
      JSON.stringify(e).includes('sepsis') ||
      JSON.stringify(e).includes(TITLE),
  );
}

let reference: SessionEvent[] = [];

beforeAll(async () => {
  // What the engine emits for the scenario, unguarded: the student phase below (20–60 min) must
  // contain answers for the "student receives none" assertion to mean anything.
  const s = createEngineSession(fsLibrary());
  const sub = s.events().subscribe((e) => reference.push(e));
  await s.load(SEPSIS);
  await s.step(3600);
  sub.unsubscribe();
  await s.dispose();
});

describe('the access table', () => {
  it('classifies every command, and the instructor-only ones are the ones that reveal or steer the test', () => {
    expect(Object.keys(COMMAND_ACCESS).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(INSTRUCTOR_COMMANDS.sort()).toEqual(
      ['auditLog', 'injectCondition', 'jumpToState', 'labAssignBeds', 'labAssignCopy', 'labGradebook', 'labLeaderboard', 'labRemove', 'labRoster', 'labRotateCode', 'labViewCopy', 'load', 'pause', 'play', 'releaseDebrief', 'restore', 'setArtifacts', 'setInstructorPin', 'setSpeed', 'snapshot', 'step', 'stop'],
    );
  });

  it('the reference run has answers in the student phase (so the tests below can fail)', () => {
    const late = answers(reference).filter((e) => e.simTimeS > 1200 && e.simTimeS <= 3600);
    expect(late.some((e) => e.type === 'episode')).toBe(true);
  });
});

describe.each(HOSTS)('roles — $name', (factory) => {
  describe('a connection opened as student', () => {
    let session: Session;
    let dispose: () => Promise<void>;
    beforeAll(() => {
      ({ session, dispose } = factory.make({ role: 'student' }));
    });
    afterAll(async () => dispose());

    it('is refused the truth with the reason', async () => {
      await expect(firstValueFrom(session.numerics({ includeTruth: true }))).rejects.toThrow(
        'The hidden truth is for instructors: a student connection cannot subscribe with includeTruth',
      );
      expect(await session.access()).toEqual({ role: 'student', debriefReleased: false, pinSet: false });
    });

    it('is refused every instructor command with the reason', async () => {
      for (const name of INSTRUCTOR_COMMANDS) {
        const call = (session as unknown as Record<string, () => Promise<unknown>>)[name];
        await expect(call.call(session), name).rejects.toThrow(`'${name}' is an instructor command (${COMMAND_ACCESS[name][1]}); this connection is a student`);
      }
      await expect(session.expectedActions()).rejects.toThrow("'expectedActions' is available to students after the instructor releases the debrief");
      await expect(session.attachModule({ kind: 'file', path: '/etc' })).rejects.toThrow(
        "'attachModule' from a file path on the host is an instructor command; upload the module instead",
      );
    });

    it('may become instructor while no PIN is set (it could have opened as one), not once one is set', async () => {
      expect(await session.requestRole('instructor')).toBe('instructor');
      await session.setInstructorPin(PIN);
      expect(await session.requestRole('student')).toBe('student');
      await expect(session.requestRole('instructor')).rejects.toThrow('Wrong instructor PIN');
      await expect(session.requestRole('instructor', '1234')).rejects.toThrow('Wrong instructor PIN');
      expect(await session.access()).toEqual({ role: 'student', debriefReleased: false, pinSet: true });
    });
  });

  describe('an instructor connection that switches to student mode', () => {
    let session: Session;
    let dispose: () => Promise<void>;
    beforeAll(() => {
      ({ session, dispose } = factory.make({ role: 'instructor' }));
    });
    afterAll(async () => dispose());

    it('hides the answers from then on, until the debrief is released; the PIN guards the way back', async () => {
      const ward = await session.load(SEPSIS);
      expect(ward.beds[0].scenarioTitle).toBe(TITLE);
      const seen: SessionEvent[] = [];
      let sub: Subscription = session.events().subscribe((e) => seen.push(e));
      await session.step(1200);
      expect(answers(seen).length).toBeGreaterThan(0); // the instructor sees them
      sub.unsubscribe();

      await expect(session.requestRole('student')).rejects.toThrow('Set an instructor PIN first (setInstructorPin): without it nobody could leave student mode');
      await expect(session.setInstructorPin('12')).rejects.toThrow('The instructor PIN must be 4 to 64 characters without spaces');
      await session.setInstructorPin(PIN);
      await session.setSpeed('max');
      // Subscribed before the switch, so nothing falls in a gap: from the host's 'role' event on, this
      // subscription carries what a student connection receives.
      const live: SessionEvent[] = [];
      sub = session.events().subscribe((e) => live.push(e));
      // A truth subscription the instructor opened before the switch must not keep flowing to the student.
      const truthFrames: NumericsFrame[] = [];
      let switchedAtWall = false;
      let truthEnded: string | null = null;
      const afterSwitch: NumericsFrame[] = [];
      sub.add(
        session.numerics({ includeTruth: true }).subscribe({
          next: (f) => (switchedAtWall ? afterSwitch : truthFrames).push(f),
          error: (e: unknown) => (truthEnded = String(e)),
        }),
      );
      await session.play();
      await firstValueFrom(session.clock().pipe(filter((c) => c.simTimeS >= 60)));
      expect(truthFrames.some((f) => f.truth !== undefined)).toBe(true); // it did carry truth for the instructor
      expect(await session.requestRole('student')).toBe('student');
      switchedAtWall = true;

      const frames: NumericsFrame[] = [];
      sub.add(session.numerics({}).subscribe((f) => frames.push(f)));
      const st = await session.status();
      expect(st.ward).toMatchObject({ wardId: 'ward', title: 'Ward', sourceFile: '' });
      expect(st.ward!.beds[0]).toMatchObject({ scenarioTitle: null, states: [] });
      expect(JSON.stringify(st)).not.toContain('sepsis');
      await expect(firstValueFrom(session.numerics({ includeTruth: true }))).rejects.toThrow('The hidden truth is for instructors');
      await expect(session.pause()).rejects.toThrow("'pause' is an instructor command");
      await expect(session.expectedActions()).rejects.toThrow("'expectedActions' is available to students after the instructor releases the debrief");
      await firstValueFrom(session.clock().pipe(filter((c) => c.simTimeS >= 3600)));
      sub.unsubscribe();
      const switched = live.findIndex((e) => e.type === 'role' && e.role === 'student');
      expect(switched).toBeGreaterThanOrEqual(0);
      const studentEvents = live.slice(switched + 1);
      const switchedAt = live[switched].simTimeS;
      const lastAt = Math.min(3600, studentEvents.at(-1)?.simTimeS ?? switchedAt); // the reference run ends at 3600 s
      expect(frames.length).toBeGreaterThan(100);
      expect(frames.every((f) => !('truth' in f) || f.truth === undefined)).toBe(true);
      // What anyone at the bedside sees (breathing, colour, sweat, posture) is not truth: it still arrives.
      expect(frames.every((f) => f.signs !== undefined && f.signs.breathsPerMin > 0 && f.signs.posture !== undefined)).toBe(true);
      // Either the host ended that subscription with the reason, or it goes on without truth.
      if (truthEnded === null) expect(afterSwitch.length).toBeGreaterThan(0);
      else expect(truthEnded).toContain('hidden truth');
      expect(afterSwitch.every((f) => f.truth === undefined)).toBe(true);
      expect(answers(studentEvents)).toEqual([]);
      // The scenario's learner-facing story still arrives: every note the engine wrote after the switch
      // (the nurse's note at 30 min when the switch beats it; the play at 'max' races the switch).
      const notes = (evs: SessionEvent[]) => evs.filter((e) => e.type === 'scenario' && e.kind === 'note' && e.simTimeS > switchedAt && e.simTimeS <= lastAt).map((e) => (e as { text: string }).text);
      expect(notes(studentEvents)).toEqual(notes(reference));

      await expect(session.requestRole('instructor', '0000')).rejects.toThrow('Wrong instructor PIN');
      expect((await session.access()).role).toBe('student');
      expect(await session.requestRole('instructor', PIN)).toBe('instructor');
      await session.pause();
      sub = session.events().subscribe((e) => seen.push(e));
      await session.releaseDebrief();
      expect(await session.requestRole('student')).toBe('student');
      sub.unsubscribe();
      expect(seen.some((e) => e.type === 'debrief_released')).toBe(true);
      expect(await session.access()).toEqual({ role: 'student', debriefReleased: true, pinSet: true });
      const released = await session.status();
      expect(released.ward!.beds[0].scenarioTitle).toBe(TITLE);
      const expected = await session.expectedActions();
      expect(expected[ward.beds[0].bedId].map((r) => r.action)).toContain('antibiotics');
      // Released or not, the truth stream and instructor commands stay instructor-only.
      await expect(firstValueFrom(session.numerics({ includeTruth: true }))).rejects.toThrow('The hidden truth is for instructors');
      await expect(session.injectCondition(ward.beds[0].bedId, { kind: 'fever', severity: 0.5 })).rejects.toThrow("'injectCondition' is an instructor command");
      // A new scenario hides the answers again.
      expect(await session.requestRole('instructor', PIN)).toBe('instructor');
      await session.load(SEPSIS);
      expect(await session.requestRole('student')).toBe('student');
      expect((await session.status()).ward!.beds[0].scenarioTitle).toBeNull();
      expect((await session.access()).debriefReleased).toBe(false);
    }, 60_000);
  });
});

describe('two connections to one engine (instructor and student)', () => {
  it('the student receives the withheld events when the debrief is released, not before', async () => {
    const engine = createEngineSession(fsLibrary());
    const authority = new RoleAuthority(engine);
    const teacher = authority.connect({ role: 'instructor' });
    await teacher.setInstructorPin(PIN);
    expect(() => authority.connect({ role: 'instructor' })).toThrow('Wrong instructor PIN');
    const student = authority.connect({ role: 'student' });
    const tEvents: SessionEvent[] = [];
    const sEvents: SessionEvent[] = [];
    teacher.events().subscribe((e) => tEvents.push(e));
    student.events().subscribe((e) => sEvents.push(e));
    await teacher.load(SEPSIS);
    await teacher.step(3600);
    // The ward itself reached the student too, redacted (ward_loaded names the scenario for instructors).
    const hidden = answers(tEvents).filter((e) => e.type !== 'ward_loaded');
    expect(sEvents.find((e) => e.type === 'ward_loaded')).toMatchObject({ ward: { title: 'Ward', beds: [{ scenarioTitle: null, states: [] }] } });
    expect(hidden.filter((e) => e.type === 'episode').length).toBeGreaterThan(0);
    expect(answers(sEvents)).toEqual([]);
    const before = sEvents.length;
    await teacher.releaseDebrief();
    const after = sEvents.slice(before);
    expect(after[0]).toEqual({ type: 'debrief_released', simTimeS: 3600 });
    expect(after.slice(1)).toEqual(hidden); // every withheld event, in order
    expect(tEvents.filter((e) => e.type === 'debrief_released')).toHaveLength(1); // the instructor gets the notice, no replay
    authority.dispose();
    await engine.dispose();
  });
});
