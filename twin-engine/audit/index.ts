/** Ethics controls: the hash-chained audit log, SHA-256, and the guard against real clinical records. */
export { AuditLog, AUDIT_KINDS, AUDIT_FORMAT, ANCHOR_FORMAT, PROVENANCE, anchorFrom, anchorMessage, canonicalJson, headerHash, recordHash, verifyAudit, type AuditAnchor, type AuditKind, type AuditProblem, type AuditRecord, type VerifyOptions, type VerifyResult } from './log';
export { hmacSha256Hex, sha256, sha256Hex } from './sha256';
export { checkExternalRecord } from './guard';
export { auditSessionEvent } from './session-events';
