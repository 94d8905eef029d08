/** What the session audit log records from the event stream: module status (quarantine with its reason), learner actions, lab orders. */
import { expect, it } from 'vitest';
import { AuditLog, verifyAudit } from '../../twin-engine/audit/log';
import { auditSessionEvent } from '../../twin-engine/audit/session-events';

it('records quarantines, learner actions and lab orders, and the chain verifies', () => {
  const log = new AuditLog({ session: 's1' });
  auditSessionEvent(log, { type: 'module', simTimeS: 12, moduleId: 'hostile', status: 'quarantined', message: "Module 'hostile' quarantined: threw: boom" });
  auditSessionEvent(log, { type: 'learner_action', simTimeS: 30, bedId: 'bed-1', action: 'blood_cultures' });
  auditSessionEvent(log, { type: 'lab', simTimeS: 31, bedId: 'bed-1', orderId: 'lab-1', panel: 'lactate', change: 'ordered', dueS: 1231, results: [] });
  auditSessionEvent(log, { type: 'lab', simTimeS: 1231, bedId: 'bed-1', orderId: 'lab-1', panel: 'lactate', change: 'resulted', dueS: 1231, results: [] });
  const recs = log.all();
  expect(recs.map((r) => r.kind)).toEqual(['module_status', 'learner_action', 'learner_action']);
  expect(recs[0].data).toEqual({ moduleId: 'hostile', status: 'quarantined', message: "Module 'hostile' quarantined: threw: boom" });
  expect(recs[2].data).toEqual({ bedId: 'bed-1', labOrder: 'lactate', orderId: 'lab-1' });
  expect(verifyAudit(log.toJsonl())).toMatchObject({ ok: true, records: 3 });
});
