/**
 * The audit log: hash-chained and append-only. Each record's hash is SHA-256 over its canonical JSON
 * (sorted keys, without `hash`) which includes the previous record's hash, so altering, inserting,
 * deleting or reordering any record breaks the chain at that point (`verifyAudit` names where).
 * Stored as JSON lines: a provenance header line, then one record per line.
 */
import { SIMULATION_NOTICE } from '../shared/session-data';
import { sha256Hex } from './sha256';

export const AUDIT_KINDS = [
  'session_start',
  'scenario',
  'seed',
  'module_load',
  'module_status',
  'finding',
  'instructor_action',
  'learner_action',
  'acknowledgement',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditRecord {
  seq: number;
  timeS: number;
  /** ISO wall-clock time; optional so a seeded run's log can be byte-identical. */
  wallTime?: string;
  kind: AuditKind;
  data: unknown;
  prevHash: string;
  hash: string;
}

export const AUDIT_FORMAT = 'wardtwin-audit/1';
export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;
/** prevHash of the first record. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same record always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('audit data must not contain NaN or Infinity');
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function recordHash(r: Omit<AuditRecord, 'hash'>): string {
  return sha256Hex(canonicalJson({ seq: r.seq, timeS: r.timeS, wallTime: r.wallTime, kind: r.kind, data: r.data, prevHash: r.prevHash }));
}

export class AuditLog {
  private readonly records: AuditRecord[] = [];

  constructor(private readonly opts: { wallClock?: () => string; sink?: (line: string) => void } = {}) {
    opts.sink?.(this.header());
  }

  append(kind: AuditKind, timeS: number, data: unknown): AuditRecord {
    if (!AUDIT_KINDS.includes(kind)) throw new Error(`unknown audit kind '${kind}' (known: ${AUDIT_KINDS.join(', ')})`);
    const prev = this.records[this.records.length - 1];
    const base: Omit<AuditRecord, 'hash'> = {
      seq: this.records.length,
      timeS,
      ...(this.opts.wallClock ? { wallTime: this.opts.wallClock() } : {}),
      kind,
      data: JSON.parse(canonicalJson(data)) as unknown,
      prevHash: prev ? prev.hash : GENESIS,
    };
    const rec: AuditRecord = Object.freeze({ ...base, hash: recordHash(base) });
    this.records.push(rec);
    this.opts.sink?.(canonicalJson(rec));
    return rec;
  }

  all(): readonly AuditRecord[] {
    return this.records;
  }

  header(): string {
    return canonicalJson({ format: AUDIT_FORMAT, provenance: PROVENANCE });
  }

  /** The whole log as JSON lines (header first). */
  toJsonl(): string {
    return `${[this.header(), ...this.records.map((r) => canonicalJson(r))].join('\n')}\n`;
  }
}

export type VerifyResult =
  | { ok: true; records: number; headHash: string }
  | { ok: false; records: number; line: number; seq: number | null; problem: 'altered' | 'inserted' | 'deleted' | 'malformed'; message: string };

/**
 * Check a log. Finds the FIRST record where the chain breaks and says how: a record whose own hash does
 * not match its content was altered; a record whose seq runs ahead of its position means records were
 * deleted before it; a seq behind (or a duplicate) means a record was inserted; a valid record that does
 * not link to its predecessor means reordering/splicing. A truncated tail cannot be detected from the log
 * alone: compare `headHash` with the one reported at the end of the session.
 */
export function verifyAudit(text: string): VerifyResult {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const bad = (line: number, seq: number | null, problem: Extract<VerifyResult, { ok: false }>['problem'], message: string, n: number): VerifyResult => ({ ok: false, records: n, line, seq, problem, message });
  if (!lines.length) return bad(1, null, 'malformed', 'empty file', 0);
  let head: { format?: string; provenance?: string };
  try {
    head = JSON.parse(lines[0]);
  } catch {
    return bad(1, null, 'malformed', 'line 1 is not JSON (expected the audit header)', 0);
  }
  if (head.format !== AUDIT_FORMAT) return bad(1, null, 'malformed', `line 1 is not a ${AUDIT_FORMAT} header`, 0);
  let prevHash = GENESIS;
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const expectSeq = i - 1;
    let r: AuditRecord;
    try {
      r = JSON.parse(lines[i]);
    } catch {
      return bad(lineNo, null, 'malformed', `line ${lineNo} is not JSON`, expectSeq);
    }
    const seq = typeof r.seq === 'number' ? r.seq : null;
    let selfOk = false;
    try {
      selfOk = typeof r.hash === 'string' && recordHash(r) === r.hash;
    } catch {
      selfOk = false;
    }
    if (!selfOk) {
      // A record that does not hash to its own hash was edited after it was written (or forged without
      // recomputing). If it was re-hashed, the next record's prevHash catches it.
      return bad(lineNo, seq, 'altered', `record seq ${seq} (line ${lineNo}) was altered: its content does not match its hash`, expectSeq);
    }
    if (seq !== expectSeq) {
      if (seq !== null && seq > expectSeq) {
        return bad(lineNo, seq, 'deleted', `${seq - expectSeq} record(s) deleted before line ${lineNo}: expected seq ${expectSeq}, found ${seq}`, expectSeq);
      }
      // Either this line is the foreign record, or one was slipped in (with a re-computed hash) just before it.
      return bad(lineNo, seq, 'inserted', `record(s) inserted at or just before line ${lineNo}: expected seq ${expectSeq}, found ${seq}`, expectSeq);
    }
    if (r.prevHash !== prevHash) {
      return bad(lineNo, seq, 'altered', `record seq ${seq} (line ${lineNo}) does not link to the record before it (prevHash mismatch): the record before it was altered and re-hashed, or records were spliced`, expectSeq);
    }
    prevHash = r.hash;
  }
  return { ok: true, records: lines.length - 1, headHash: prevHash };
}
