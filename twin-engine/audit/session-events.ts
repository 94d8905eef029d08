/**
 * Which session events go into the audit log, and as what. The session (or a recorder subscribed to its
 * events) calls this for every event; module loads are logged by the module host's onModuleLoad hook.
 */
import type { SessionEvent } from '../shared/session-data';
import type { AuditLog } from './log';

export function auditSessionEvent(log: AuditLog, e: SessionEvent): void {
  // In a lab session every learner action, module attach and acknowledgement names the student.
  const who = 'who' in e && e.who !== undefined ? { who: e.who } : {};
  switch (e.type) {
    case 'ward_loaded':
      log.append('scenario', e.simTimeS, { wardId: e.ward.wardId, title: e.ward.title, sourceFile: e.ward.sourceFile, beds: e.ward.beds.map((b) => ({ bedId: b.bedId, scenario: b.scenarioTitle })) });
      log.append('seed', e.simTimeS, { beds: e.ward.beds.map((b) => ({ bedId: b.bedId, seed: b.seed })) });
      break;
    case 'finding':
      log.append('finding', e.simTimeS, { bedId: e.bedId, moduleId: e.finding.moduleId, label: e.finding.label, score: e.finding.score, severity: e.finding.severity, message: e.finding.message });
      break;
    case 'intervention':
      if (e.by !== 'scenario') log.append(e.by === 'learner' ? 'learner_action' : 'instructor_action', e.simTimeS, { bedId: e.bedId, intervention: e.spec, ...who });
      break;
    case 'condition':
      if (e.by === 'instructor') log.append('instructor_action', e.simTimeS, { bedId: e.bedId, condition: e.spec, conditionId: e.conditionId });
      break;
    case 'alarm':
      if (e.change === 'acknowledged' || e.change === 'silenced') log.append('acknowledgement', e.simTimeS, { bedId: e.bedId, change: e.change, alarm: e.alarm.code, alarmId: e.alarm.id, ...who });
      break;
    case 'module':
      // Attach, detach and quarantine (with the reason) are part of the record of what ran.
      log.append('module_status', e.simTimeS, { moduleId: e.moduleId, status: e.status, message: e.message, ...who });
      break;
    case 'learner_action':
      log.append('learner_action', e.simTimeS, { bedId: e.bedId, action: e.action, ...who });
      break;
    case 'lab':
      if (e.change === 'ordered') log.append('learner_action', e.simTimeS, { bedId: e.bedId, labOrder: e.panel, orderId: e.orderId, ...who });
      break;
    case 'note':
      log.append('instructor_action', e.simTimeS, { bedId: e.bedId, note: e.text });
      break;
    default:
      break;
  }
}
