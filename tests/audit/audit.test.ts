/** The hash-chained audit log, SHA-256, the external-record guard and `wardtwin audit verify`. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, canonicalJson, checkExternalRecord, hmacSha256Hex, recordHash, sha256Hex, verifyAudit, type AuditAnchor } from '../../twin-engine/audit/index';
import { auditCommand } from '../../twin-engine/cli/audit';
import type { CliIo } from '../../twin-engine/cli/io';

function sampleLog(session = 'lab-7'): AuditLog {
  const log = new AuditLog({ session });
  log.append('session_start', 0, { app: 'wardtwin', version: '0.1.0' });
  log.append('scenario', 0, { file: 'sepsis-urosepsis.yaml' });
  log.append('seed', 0, { seed: 42 });
  log.append('module_load', 0, { moduleId: 'news2', fileSha256: { 'index.ts': 'ab'.repeat(32) } });
  log.append('finding', 125, { bedId: 'bed-1', label: 'sepsis', score: 0.4 });
  log.append('learner_action', 130, { bedId: 'bed-1', intervention: { kind: 'oxygen' } });
  log.append('acknowledgement', 131, { bedId: 'bed-1', alarm: 'SPO2_LOW' });
  log.append('instructor_action', 200, { note: 'debrief' });
  return log;
}

const lines = (log: AuditLog) => log.toJsonl().trimEnd().split('\n');
const join_ = (l: string[]) => `${l.join('\n')}\n`;

describe('SHA-256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
});

describe('audit log', () => {
  it('an untouched log verifies, with the head hash', () => {
    const log = sampleLog();
    const r = verifyAudit(log.toJsonl());
    expect(r).toMatchObject({ ok: true, records: 8, headHash: log.all()[7].hash, session: 'lab-7', sealed: false });
    // The first record links to the header's hash, so the header is part of the chain.
    expect(log.all()[0].prevHash).toBe(sha256Hex(log.header()));
    expect(log.toJsonl().split('\n')[0]).toContain('SIMULATION — NOT FOR CLINICAL USE');
  });

  it('reports an altered record (content changed, hash left as it was)', () => {
    const l = lines(sampleLog());
    l[5] = l[5].replace('"score":0.4', '"score":0.9');
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'altered', seq: 4, line: 6 });
  });

  it('reports an altered record that was re-hashed, at the next record (broken link)', () => {
    const l = lines(sampleLog());
    const r = JSON.parse(l[5]);
    r.data.score = 0.9;
    r.hash = recordHash(r);
    l[5] = canonicalJson(r);
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'altered', seq: 5, line: 7 });
  });

  it('reports a deleted record', () => {
    const l = lines(sampleLog());
    l.splice(3, 1);
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'deleted', line: 4, seq: 3 });
  });

  it('reports an inserted record (forged with a valid self-hash)', () => {
    const l = lines(sampleLog());
    const prev = JSON.parse(l[3]);
    const forged = { seq: 3, timeS: 0, kind: 'learner_action' as const, session: 'lab-7', data: { fake: true }, prevHash: prev.hash };
    l.splice(4, 0, canonicalJson({ ...forged, hash: recordHash(forged) }));
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'inserted', line: 6 });
  });

  it('records carry wall time only when asked (seeded runs stay byte-identical)', () => {
    expect(sampleLog().toJsonl()).toBe(sampleLog().toJsonl());
    const w = new AuditLog({ session: 'x', wallClock: () => '2025-01-01T00:00:00Z' });
    expect(w.append('seed', 0, { seed: 1 }).wallTime).toBe('2025-01-01T00:00:00Z');
  });

  it('wardtwin audit verify: exit 0 for a good log, 1 naming the first bad record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-audit-'));
    const good = join(dir, 'audit.jsonl');
    writeFileSync(good, sampleLog().toJsonl());
    const out: string[] = [];
    const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTty: false };
    expect(await auditCommand.run(['verify', good], io)).toBe(0);
    expect(out.join('\n')).toMatch(/OK: 8 records of session lab-7, chain intact, head hash [0-9a-f]{64}/);
    const l = readFileSync(good, 'utf8').trimEnd().split('\n');
    l.splice(2, 1);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, join_(l));
    out.length = 0;
    expect(await auditCommand.run(['verify', bad], io)).toBe(1);
    expect(out.join('\n')).toMatch(/FAILED at line 3 \(deleted\): 1 record\(s\) deleted before line 3: expected seq 1, found 2/);
  });
});

describe('HMAC-SHA256', () => {
  it('matches RFC 4231 test cases 1 and 2', () => {
    expect(hmacSha256Hex(new Uint8Array(20).fill(0x0b), 'Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

/**
 * The tamperings of issue 17 that passed before the head was anchored: each is detected, with the line
 * and what failed. KEY is the lab's HMAC key; an attacker without it can recompute hashes but not MACs.
 */
describe('tampering classes', () => {
  const KEY = 'lab-key-0123456789abcdef';
  function sealed(): { text: string; anchor: AuditAnchor } {
    const log = sampleLog();
    const anchor = log.seal(300, KEY);
    return { text: log.toJsonl(), anchor };
  }
  /** Recompute every hash from `from` on, as an attacker with the file (not the key) can. */
  function rechain(l: string[], from: number): string[] {
    const out = [...l];
    let prev = from === 1 ? sha256Hex(canonicalJson(JSON.parse(out[0]))) : JSON.parse(out[from - 1]).hash;
    for (let i = from; i < out.length; i++) {
      const r = JSON.parse(out[i]);
      r.prevHash = prev;
      // The seal's own data must still match, as an attacker would arrange.
      if (r.kind === 'seal') r.data.headHash = prev;
      r.hash = recordHash(r);
      prev = r.hash;
      out[i] = canonicalJson(r);
    }
    return out;
  }

  it('an untouched sealed log verifies against its anchor, session and key', () => {
    const { text, anchor } = sealed();
    expect(anchor).toMatchObject({ session: 'lab-7', records: 9 });
    expect(verifyAudit(text, { anchor, session: 'lab-7', key: KEY })).toMatchObject({ ok: true, records: 9, sealed: true, anchored: true, signature: 'valid', headHash: anchor.headHash });
  });

  it('dropping the tail', () => {
    const { text, anchor } = sealed();
    const l = text.trimEnd().split('\n').slice(0, -3);
    expect(verifyAudit(join_(l), { anchor })).toMatchObject({ ok: false, problem: 'truncated', line: 7, message: 'the log ends after 6 record(s) (line 7) but its anchor records 9: 3 record(s) dropped from the tail' });
    // Without the manifest, the key still catches it: a keyed log must end in its seal.
    expect(verifyAudit(join_(l), { key: KEY })).toMatchObject({ ok: false, problem: 'truncated', message: 'the log has no seal record (ends at line 7): its tail was dropped, or the session never ended' });
  });

  it('editing and re-hashing the last record', () => {
    const { text, anchor } = sealed();
    const l = rechain(text.trimEnd().split('\n'), 9);
    const seal = JSON.parse(l[9]);
    seal.timeS = 999;
    seal.hash = recordHash(seal);
    l[9] = canonicalJson(seal);
    expect(verifyAudit(join_(l), { anchor })).toMatchObject({ ok: false, problem: 'rechained', line: 10 });
  });

  it('appending forged records', () => {
    const { text, anchor } = sealed();
    const l = text.trimEnd().split('\n');
    const last = JSON.parse(l[l.length - 1]);
    const forged = { seq: last.seq + 1, timeS: 301, kind: 'learner_action', session: 'lab-7', data: { bedId: 'bed-1', action: 'blood_cultures' }, prevHash: last.hash };
    l.push(canonicalJson({ ...forged, hash: recordHash(forged) }));
    expect(verifyAudit(join_(l), { anchor })).toMatchObject({ ok: false, problem: 'appended', line: 11, message: 'record(s) appended after the seal (line 11): the session had ended at seq 8' });
  });

  it('appending forged records to an unsealed log, against its anchor', () => {
    const log = sampleLog();
    const anchor: AuditAnchor = { format: 'wardtwin-audit-anchor/1', session: 'lab-7', records: 8, headHash: log.headHash() };
    log.append('learner_action', 400, { forged: true });
    expect(verifyAudit(log.toJsonl(), { anchor })).toMatchObject({ ok: false, problem: 'appended', line: 10, message: '1 record(s) appended after the anchored head, from line 10' });
  });

  it('re-chaining after an edit (hashes recomputed to the end, seal included)', () => {
    const { text, anchor } = sealed();
    const l = text.trimEnd().split('\n');
    l[5] = l[5].replace('"score":0.4', '"score":0.9');
    const re = rechain(l, 5);
    expect(verifyAudit(join_(re), { anchor })).toMatchObject({ ok: false, problem: 'rechained', line: 10 });
    expect(verifyAudit(join_(re), { key: KEY })).toMatchObject({ ok: false, problem: 'signature', line: 10 });
    expect(verifyAudit(join_(re), { key: KEY }).ok === false && verifyAudit(join_(re), { key: KEY })).toMatchObject({ message: "the seal's signature (line 10) does not verify with this key: the log was rewritten without the key, or the key is another lab's" });
  });

  it("swapping another session's log", () => {
    const { anchor } = sealed();
    const other = sampleLog('lab-8');
    other.seal(300, KEY);
    expect(verifyAudit(other.toJsonl(), { anchor })).toMatchObject({ ok: false, problem: 'session', line: 1, message: "the log belongs to session 'lab-8' but its anchor to 'lab-7' (another session's log?)" });
    expect(verifyAudit(other.toJsonl(), { session: 'lab-7' })).toMatchObject({ ok: false, problem: 'session', line: 1 });
  });

  it("splicing a record from another session's log", () => {
    const l = lines(sampleLog());
    const foreign = JSON.parse(lines(sampleLog('lab-8'))[5]);
    const mine = JSON.parse(l[5]);
    foreign.prevHash = mine.prevHash;
    foreign.hash = recordHash(foreign);
    l[5] = canonicalJson(foreign);
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'session', line: 6, message: "record seq 4 (line 6) belongs to session 'lab-8', not 'lab-7' (spliced from another session's log)" });
  });

  it('editing the header', () => {
    const l = lines(sampleLog());
    l[0] = l[0].replace('NOT FOR CLINICAL USE', 'REAL PATIENT DATA');
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'header', line: 1, message: 'the header was edited or replaced: the first record does not link to it' });
  });

  it('replacing the header (another session id, records re-labelled and re-hashed)', () => {
    const { text, anchor } = sealed();
    const l = text.trimEnd().split('\n').map((x, i) => (i === 0 ? x.replace('"lab-7"', '"lab-9"') : x));
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'session', line: 2 });
    const relabelled = rechain(l.map((x, i) => (i === 0 ? x : x.replace('"session":"lab-7"', '"session":"lab-9"'))), 1);
    expect(verifyAudit(join_(relabelled), { anchor })).toMatchObject({ ok: false, problem: 'session', line: 1 });
    expect(verifyAudit(join_(relabelled), { key: KEY })).toMatchObject({ ok: false, problem: 'signature' });
  });

  it('adding an unhashed field', () => {
    const l = lines(sampleLog());
    const r = JSON.parse(l[6]);
    r.comment = 'nurse gave oxygen';
    l[6] = canonicalJson(r);
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'altered', line: 7, seq: 5, message: 'record seq 5 (line 7) was altered: its content does not match its hash (a field edited, added or removed)' });
  });

  it('a forged anchor MAC, or a key from another lab, fails the signature check', () => {
    const { text, anchor } = sealed();
    expect(verifyAudit(text, { anchor: { ...anchor, mac: '00'.repeat(32) }, key: KEY })).toMatchObject({ ok: false, problem: 'signature', message: "the anchor's signature does not verify with this key" });
    expect(verifyAudit(text, { anchor, key: 'another-lab' })).toMatchObject({ ok: false, problem: 'signature', line: 10 });
  });

  it('a sealed log refuses further records, and resume refuses a sealed or broken log', () => {
    const log = sampleLog();
    log.seal(300);
    expect(() => log.append('note' as never, 1, {})).toThrow();
    expect(() => log.append('learner_action', 301, {})).toThrow('the audit log is sealed: the session has ended');
    expect(() => AuditLog.resume(log.toJsonl())).toThrow('cannot continue the saved audit log: it is sealed (the session had ended)');
    const l = lines(sampleLog());
    l[3] = l[3].replace('42', '43');
    expect(() => AuditLog.resume(join_(l))).toThrow('cannot continue the saved audit log: line 4: record seq 2 (line 4) was altered');
    const cont = AuditLog.resume(sampleLog().toJsonl());
    cont.append('resume', 131, { fromRecords: 8 });
    expect(verifyAudit(cont.toJsonl())).toMatchObject({ ok: true, records: 9, session: 'lab-7' });
  });
});

describe('external clinical records are refused', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('HL7 v2, DICOM and untagged FHIR Patient are refused with the reason', () => {
    expect(checkExternalRecord(enc('MSH|^~\\&|LAB|HOSP|||202401011200||ORU^R01|1|P|2.5\rPID|1||123'), 'x.hl7')).toMatch(/HL7 v2/);
    const dcm = new Uint8Array(140);
    dcm.set(enc('DICM'), 128);
    expect(checkExternalRecord(dcm, 'image.bin')).toMatch(/DICOM/);
    expect(checkExternalRecord(enc('{"resourceType":"Patient","name":[{"family":"Smith"}]}'), 'p.json')).toMatch(/FHIR Patient resource not tagged synthetic/);
  });
  it('FHIR tagged synthetic, and ordinary module files, pass', () => {
    expect(checkExternalRecord(enc('{"resourceType":"Patient","meta":{"tag":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HTEST"}]}}'), 'p.json')).toBeNull();
    expect(checkExternalRecord(enc('export default function create() {}'), 'index.ts')).toBeNull();
  });
});
