/**
 * The lab's scored events (session/lab-scoring-log.ts) keep what the leaderboard and gradebook read and
 * nothing else: a long lab's notes, clock, run-state, module-status, acknowledgement and lab-order events
 * do not pile up, episodes are one entry each, findings lose their message and evidence — and a module
 * scores exactly as it does on the full event stream.
 */
import { afterAll, expect, it } from 'vitest';
import { combineLeaderboards, labLeaderboard } from '../../twin-engine/evaluation/lab-leaderboard';
import { labGradebook } from '../../twin-engine/evaluation/lab-gradebook';
import { openFileSession } from '../../twin-engine/node/open-source';
import type { SessionEvent } from '../../twin-engine/session/api';
import { LabRoster } from '../../twin-engine/session/lab';
import { LabScoringLog } from '../../twin-engine/session/lab-scoring-log';
import { RoleAuthority } from '../../twin-engine/session/roles';

const opened = openFileSession('scenarios/wards/default.yaml', 5);
const engine = opened.session;
afterAll(async () => engine.dispose());

it('keeps only scored events, one per episode, and scores a module as the full stream does', async () => {
  const authority = new RoleAuthority(engine);
  authority.lab = new LabRoster();
  authority.scoreLab = { leaderboard: labLeaderboard, combine: combineLeaderboards, gradebook: labGradebook };
  const all: SessionEvent[] = [];
  engine.events().subscribe((e) => all.push(e));
  await engine.load(opened.source);
  const teacher = authority.connect({ role: 'instructor' });
  await teacher.attachModule({ kind: 'builtin', id: 'news2' });
  const bed = (await teacher.status()).ward!.beds[0].bedId;
  // Two simulated hours with chatter a lab produces: notes, pauses and plays, learner actions.
  for (let i = 0; i < 24; i++) {
    await engine.step(300);
    await teacher.addNote(bed, `round ${i}: patient reviewed, plan unchanged`.repeat(4));
    await teacher.recordAction(bed, 'call_for_help');
    await engine.play();
    await engine.pause();
  }
  const log = authority.main.scoring;
  const kinds = new Set(log.list.map((e) => e.type));
  expect([...kinds].every((k) => ['ward_loaded', 'episode', 'alarm', 'finding'].includes(k))).toBe(true);
  expect(all.some((e) => e.type === 'note')).toBe(true);
  // Episodes: one entry per episode however many onset/offset events it had.
  const episodeKeys = new Set(all.filter((e) => e.type === 'episode').map((e) => (e.type === 'episode' ? `${e.bedId}/${e.episode.id}` : '')));
  expect(log.list.filter((e) => e.type === 'episode')).toHaveLength(episodeKeys.size);
  expect(all.filter((e) => e.type === 'episode').length).toBeGreaterThan(episodeKeys.size); // offsets happened, and were folded
  // Alarms: only raised and cleared.
  expect(log.list.filter((e) => e.type === 'alarm')).toHaveLength(all.filter((e) => e.type === 'alarm' && (e.change === 'raised' || e.change === 'cleared')).length);
  // Findings: every one kept, without message or evidence.
  const findings = log.list.filter((e) => e.type === 'finding');
  expect(findings).toHaveLength(all.filter((e) => e.type === 'finding').length);
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.every((e) => e.type === 'finding' && e.finding.message === '' && e.finding.evidence === undefined)).toBe(true);
  expect(JSON.stringify(log.list).length).toBeLessThan(JSON.stringify(all).length / 4);

  // The same figures as on the full stream.
  const owners = authority.moduleOwners;
  const status = await engine.status();
  expect(labLeaderboard(status, log.list, owners)).toEqual(labLeaderboard(status, all, owners));
  expect(await teacher.labLeaderboard()).toEqual(labLeaderboard(status, all, owners));
}, 300_000);

it('does not grow with events scoring does not read', () => {
  const log = new LabScoringLog();
  for (let i = 0; i < 100_000; i++) {
    log.push({ type: 'note', simTimeS: i, bedId: null, text: 'x'.repeat(200) });
    log.push({ type: 'run_state', simTimeS: i, runState: 'playing', speed: 1 });
    log.push({ type: 'module', simTimeS: i, moduleId: 'm', status: 'running', message: 'ok' });
  }
  expect(log.size).toBe(0);
  const ep = { id: 'e1', label: 'sepsis', onsetS: 10, offsetS: null, severity: 1 } as unknown as Extract<SessionEvent, { type: 'episode' }>['episode'];
  log.push({ type: 'episode', simTimeS: 10, bedId: 'bed-1', change: 'onset', episode: ep });
  log.push({ type: 'episode', simTimeS: 70, bedId: 'bed-1', change: 'offset', episode: { ...ep, offsetS: 70 } });
  expect(log.list).toEqual([{ type: 'episode', simTimeS: 70, bedId: 'bed-1', change: 'offset', episode: { ...ep, offsetS: 70 } }]);
  // A save read back folds the same way.
  expect(new LabScoringLog(log.list).list).toEqual(log.list);
});
