/** Ethics controls: the hash-chained audit log, SHA-256, and the guard against real clinical records. */
export { AuditLog, AUDIT_KINDS, AUDIT_FORMAT, PROVENANCE, GENESIS, canonicalJson, recordHash, verifyAudit, type AuditKind, type AuditRecord, type VerifyResult } from './log';
export { sha256, sha256Hex } from './sha256';
export { checkExternalRecord } from './guard';
export { auditSessionEvent } from './session-events';
