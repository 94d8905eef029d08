/**
 * The audit log: hash-chained, append-only, bound to one session and anchored at its head.
 *
 * - The header line (format, provenance, session id) is hashed; the first record links to that hash, so
 *   an edited or replaced header breaks the chain at record 0.
 * - Each record's hash is SHA-256 over the canonical JSON of EVERY field but `hash` (sorted keys), so a
 *   field added later, known or not, breaks the record's hash.
 * - Every record names the session; a record or header from another session is refused.
 * - Ending a session appends a `seal` record carrying the count and head hash before it (HMAC-signed
 *   when the host has a key). The seal's hash and the record count form the anchor, which is also kept
 *   outside the log (the run folder's manifest.json, the app's debrief). Against an anchor, a dropped
 *   tail, appended records and an edited-and-rechained log are detected; with the key, so is a
 *   wholesale rewrite of log and manifest together. See twin-engine/audit/README.md (threat model).
 * Stored as JSON lines: the header, then one record per line.
 */
import { SIMULATION_NOTICE } from '../shared/session-data';
import { hmacSha256Hex, sha256Hex } from './sha256';

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
  'resume',
  'seal',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditRecord {
  seq: number;
  timeS: number;
  /** ISO wall-clock time; optional so a seeded run's log can be byte-identical. */
  wallTime?: string;
  kind: AuditKind;
  session: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditHeader {
  format: typeof AUDIT_FORMAT;
  provenance: string;
  session: string;
}

/** What is kept outside the log: the session, how many records, the hash of the last (the seal). */
export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  session: string;
  records: number;
  headHash: string;
  /** HMAC-SHA256 of anchorMessage(), when the log was sealed with a key. */
  mac?: string;
}

export const AUDIT_FORMAT = 'wardtwin-audit/2';
export const ANCHOR_FORMAT = 'wardtwin-audit-anchor/1';
export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;
const SESSION_RE = /^[A-Za-z0-9_.:-]{1,80}$/;

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

/** SHA-256 over every field but `hash` (an extra field changes the hash). */
export function recordHash(r: object): string {
  const { hash: _omit, ...rest } = r as Record<string, unknown>;
  return sha256Hex(canonicalJson(rest));
}

export function headerHash(h: object): string {
  return sha256Hex(canonicalJson(h));
}

/** The text an anchor's MAC signs. */
export function anchorMessage(a: { session: string; records: number; headHash: string }): string {
  return canonicalJson({ format: ANCHOR_FORMAT, session: a.session, records: a.records, headHash: a.headHash });
}

export class AuditLog {
  private readonly records: AuditRecord[] = [];
  readonly session: string;
  private readonly head: AuditHeader;
  private sealed: AuditAnchor | null = null;

  constructor(private readonly opts: { session: string; wallClock?: () => string; sink?: (line: string) => void }) {
    if (!SESSION_RE.test(opts.session)) throw new Error(`audit session id '${opts.session}' must be 1-80 characters A-Z a-z 0-9 _ . : -`);
    this.session = opts.session;
    this.head = { format: AUDIT_FORMAT, provenance: PROVENANCE, session: opts.session };
    opts.sink?.(this.header());
  }

  /** Continue a log read back from text (resume): it must verify, and must not be sealed. */
  static resume(text: string, opts: { wallClock?: () => string; sink?: (line: string) => void } = {}): AuditLog {
    const v = verifyAudit(text);
    if (!v.ok) throw new Error(`cannot continue the saved audit log: line ${v.line}: ${v.message}`);
    if (v.sealed) throw new Error('cannot continue the saved audit log: it is sealed (the session had ended)');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const log = new AuditLog({ ...opts, session: v.session, sink: undefined });
    for (const l of lines.slice(1)) log.records.push(Object.freeze(JSON.parse(l) as AuditRecord));
    if (opts.sink) (log.opts as { sink?: (line: string) => void }).sink = opts.sink;
    return log;
  }

  append(kind: AuditKind, timeS: number, data: unknown): AuditRecord {
    if (this.sealed) throw new Error('the audit log is sealed: the session has ended');
    if (!AUDIT_KINDS.includes(kind)) throw new Error(`unknown audit kind '${kind}' (known: ${AUDIT_KINDS.join(', ')})`);
    const prev = this.records[this.records.length - 1];
    const base: Omit<AuditRecord, 'hash'> = {
      seq: this.records.length,
      timeS,
      ...(this.opts.wallClock ? { wallTime: this.opts.wallClock() } : {}),
      kind,
      session: this.session,
      data: JSON.parse(canonicalJson(data)) as unknown,
      prevHash: prev ? prev.hash : headerHash(this.head),
    };
    const rec: AuditRecord = Object.freeze({ ...base, hash: recordHash(base) });
    this.records.push(rec);
    this.opts.sink?.(canonicalJson(rec));
    return rec;
  }

  /**
   * End the log: a `seal` record with the count and head before it (and its HMAC with `key`). Returns the
   * anchor to keep outside the log. Sealing twice returns the first anchor.
   */
  seal(timeS: number, key?: Uint8Array | string): AuditAnchor {
    if (this.sealed) return this.sealed;
    const before = { session: this.session, records: this.records.length, headHash: this.headHash() };
    const rec = this.append('seal', timeS, { records: before.records, headHash: before.headHash, ...(key !== undefined ? { mac: hmacSha256Hex(key, anchorMessage(before)) } : {}) });
    const anchor: AuditAnchor = { format: ANCHOR_FORMAT, session: this.session, records: this.records.length, headHash: rec.hash };
    if (key !== undefined) anchor.mac = hmacSha256Hex(key, anchorMessage(anchor));
    this.sealed = anchor;
    return anchor;
  }

  isSealed(): boolean {
    return this.sealed !== null;
  }

  headHash(): string {
    return this.records.length ? this.records[this.records.length - 1].hash : headerHash(this.head);
  }

  all(): readonly AuditRecord[] {
    return this.records;
  }

  header(): string {
    return canonicalJson(this.head);
  }

  /** The whole log as JSON lines (header first). */
  toJsonl(): string {
    return `${[this.header(), ...this.records.map((r) => canonicalJson(r))].join('\n')}\n`;
  }
}

export type AuditProblem = 'malformed' | 'header' | 'session' | 'altered' | 'inserted' | 'deleted' | 'truncated' | 'appended' | 'rechained' | 'signature';

export type VerifyResult =
  | { ok: true; records: number; headHash: string; session: string; sealed: boolean; anchored: boolean; signature: 'valid' | 'unchecked' | 'none' }
  | { ok: false; records: number; line: number; seq: number | null; problem: AuditProblem; message: string };

export interface VerifyOptions {
  /** The anchor kept outside the log (run manifest, debrief): count, head hash, session, MAC. */
  anchor?: AuditAnchor;
  /** The session the log must belong to. */
  session?: string;
  /** The HMAC key: with it, the seal's and the anchor's MACs must verify. */
  key?: Uint8Array | string;
}

/**
 * Check a log, optionally against its anchor, session and key. Finds the FIRST failure and names the
 * line and what is wrong: altered (content does not match its hash), deleted/inserted (seq out of
 * place), header (edited or replaced), session (another session's log or record), truncated/appended
 * (record count differs from the anchor or the seal), rechained (edited and re-hashed throughout),
 * signature (MAC wrong or missing). Without an anchor, an unsealed log's tail cannot be checked.
 */
export function verifyAudit(text: string, opts: VerifyOptions = {}): VerifyResult {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const bad = (line: number, seq: number | null, problem: AuditProblem, message: string, n: number): VerifyResult => ({ ok: false, records: n, line, seq, problem, message });
  if (!lines.length) return bad(1, null, 'malformed', 'empty file', 0);
  let head: Record<string, unknown>;
  try {
    head = JSON.parse(lines[0]);
  } catch {
    return bad(1, null, 'malformed', 'line 1 is not JSON (expected the audit header)', 0);
  }
  if (head === null || typeof head !== 'object' || head.format !== AUDIT_FORMAT) {
    const found = head && typeof head === 'object' && typeof head.format === 'string' ? ` (found '${head.format}'${head.format === 'wardtwin-audit/1' ? ', an unanchored log from an older version' : ''})` : '';
    return bad(1, null, 'header', `line 1 is not a ${AUDIT_FORMAT} header${found}`, 0);
  }
  const session = head.session;
  if (typeof session !== 'string' || !SESSION_RE.test(session)) return bad(1, null, 'header', 'the header names no valid session id', 0);
  if (opts.session !== undefined && session !== opts.session) return bad(1, null, 'session', `the log belongs to session '${session}', expected '${opts.session}' (another session's log?)`, 0);
  const anchor = opts.anchor;
  if (anchor && anchor.session !== session) return bad(1, null, 'session', `the log belongs to session '${session}' but its anchor to '${anchor.session}' (another session's log?)`, 0);
  const hh = headerHash(head);
  let prevHash = hh;
  let seal: AuditRecord | null = null;
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const expectSeq = i - 1;
    let r: AuditRecord;
    try {
      r = JSON.parse(lines[i]);
    } catch {
      return bad(lineNo, null, 'malformed', `line ${lineNo} is not JSON`, expectSeq);
    }
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return bad(lineNo, null, 'malformed', `line ${lineNo} is not an audit record`, expectSeq);
    const seq = typeof r.seq === 'number' ? r.seq : null;
    if (seal) return bad(lineNo, seq, 'appended', `record(s) appended after the seal (line ${lineNo}): the session had ended at seq ${seal.seq}`, expectSeq);
    let selfOk = false;
    try {
      selfOk = typeof r.hash === 'string' && recordHash(r) === r.hash;
    } catch {
      selfOk = false;
    }
    if (!selfOk) {
      // Edited after it was written, or a field added, or forged without recomputing the hash.
      return bad(lineNo, seq, 'altered', `record seq ${seq} (line ${lineNo}) was altered: its content does not match its hash (a field edited, added or removed)`, expectSeq);
    }
    if (seq !== expectSeq) {
      if (seq !== null && seq > expectSeq) {
        return bad(lineNo, seq, 'deleted', `${seq - expectSeq} record(s) deleted before line ${lineNo}: expected seq ${expectSeq}, found ${seq}`, expectSeq);
      }
      return bad(lineNo, seq, 'inserted', `record(s) inserted at or just before line ${lineNo}: expected seq ${expectSeq}, found ${seq}`, expectSeq);
    }
    if (r.session !== session) return bad(lineNo, seq, 'session', `record seq ${seq} (line ${lineNo}) belongs to session '${String(r.session)}', not '${session}' (spliced from another session's log)`, expectSeq);
    if (r.prevHash !== prevHash) {
      if (expectSeq === 0) return bad(1, null, 'header', 'the header was edited or replaced: the first record does not link to it', 0);
      return bad(lineNo, seq, 'altered', `record seq ${seq} (line ${lineNo}) does not link to the record before it (prevHash mismatch): the record before it was altered and re-hashed, or records were spliced`, expectSeq);
    }
    if (r.kind === 'seal') {
      const d = (r.data ?? {}) as { records?: unknown; headHash?: unknown; mac?: unknown };
      if (d.records !== seq || d.headHash !== prevHash) return bad(lineNo, seq, 'altered', `the seal (line ${lineNo}) does not match the records before it`, expectSeq);
      if (opts.key !== undefined) {
        if (typeof d.mac !== 'string') return bad(lineNo, seq, 'signature', `the seal (line ${lineNo}) is unsigned, but a key was given`, expectSeq);
        if (hmacSha256Hex(opts.key, anchorMessage({ session, records: seq, headHash: prevHash })) !== d.mac) {
          return bad(lineNo, seq, 'signature', `the seal's signature (line ${lineNo}) does not verify with this key: the log was rewritten without the key, or the key is another lab's`, expectSeq);
        }
      }
      seal = r;
    }
    prevHash = r.hash;
    n++;
  }
  const lastLine = lines.length;
  let signature: 'valid' | 'unchecked' | 'none' = seal && typeof (seal.data as { mac?: unknown }).mac === 'string' ? (opts.key !== undefined ? 'valid' : 'unchecked') : 'none';
  if (anchor) {
    if (n < anchor.records) {
      return bad(lastLine, null, 'truncated', `the log ends after ${n} record(s) (line ${lastLine}) but its anchor records ${anchor.records}: ${anchor.records - n} record(s) dropped from the tail`, n);
    }
    if (n > anchor.records) {
      return bad(anchor.records + 2, anchor.records, 'appended', `${n - anchor.records} record(s) appended after the anchored head, from line ${anchor.records + 2}`, anchor.records);
    }
    if (prevHash !== anchor.headHash) {
      return bad(lastLine, n - 1, 'rechained', `the head hash ${prevHash.slice(0, 16)}… differs from the anchored ${anchor.headHash.slice(0, 16)}…: the log was edited and its hashes recomputed`, n);
    }
    if (opts.key !== undefined) {
      if (typeof anchor.mac !== 'string') return bad(lastLine, n - 1, 'signature', 'the anchor is unsigned, but a key was given', n);
      if (hmacSha256Hex(opts.key, anchorMessage(anchor)) !== anchor.mac) return bad(lastLine, n - 1, 'signature', "the anchor's signature does not verify with this key", n);
      signature = 'valid';
    }
  } else if (opts.key !== undefined && !seal) {
    return bad(lastLine, null, 'truncated', `the log has no seal record (ends at line ${lastLine}): its tail was dropped, or the session never ended`, n);
  }
  return { ok: true, records: n, headHash: prevHash, session, sealed: seal !== null, anchored: anchor !== undefined, signature };
}

/** Read an anchor from a manifest object (`{ audit: {...} }`) or a bare anchor; null if none. */
export function anchorFrom(v: unknown): AuditAnchor | null {
  const a = (v && typeof v === 'object' && 'audit' in v ? (v as { audit: unknown }).audit : v) as Partial<AuditAnchor> | null;
  if (!a || a.format !== ANCHOR_FORMAT || typeof a.session !== 'string' || typeof a.records !== 'number' || typeof a.headHash !== 'string') return null;
  return { format: ANCHOR_FORMAT, session: a.session, records: a.records, headHash: a.headHash, ...(typeof a.mac === 'string' ? { mac: a.mac } : {}) };
}
