/** The hash-chained audit log, SHA-256, the external-record guard and `wardtwin audit verify`. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, canonicalJson, checkExternalRecord, recordHash, sha256Hex, verifyAudit } from '../../twin-engine/audit/index';
import { auditCommand } from '../../twin-engine/cli/audit';
import type { CliIo } from '../../twin-engine/cli/io';

function sampleLog(): AuditLog {
  const log = new AuditLog();
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
    expect(r).toMatchObject({ ok: true, records: 8, headHash: log.all()[7].hash });
    expect(log.all()[0].prevHash).toBe('0'.repeat(64));
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
    const forged = { seq: 3, timeS: 0, kind: 'learner_action' as const, data: { fake: true }, prevHash: prev.hash };
    l.splice(4, 0, canonicalJson({ ...forged, hash: recordHash(forged) }));
    expect(verifyAudit(join_(l))).toMatchObject({ ok: false, problem: 'inserted', line: 6 });
  });

  it('records carry wall time only when asked (seeded runs stay byte-identical)', () => {
    expect(sampleLog().toJsonl()).toBe(sampleLog().toJsonl());
    const w = new AuditLog({ wallClock: () => '2025-01-01T00:00:00Z' });
    expect(w.append('seed', 0, { seed: 1 }).wallTime).toBe('2025-01-01T00:00:00Z');
  });

  it('wardtwin audit verify: exit 0 for a good log, 1 naming the first bad record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-audit-'));
    const good = join(dir, 'audit.jsonl');
    writeFileSync(good, sampleLog().toJsonl());
    const out: string[] = [];
    const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTty: false };
    expect(await auditCommand.run(['verify', good], io)).toBe(0);
    expect(out.join('\n')).toMatch(/OK: 8 records, chain intact, head hash [0-9a-f]{64}/);
    const l = readFileSync(good, 'utf8').trimEnd().split('\n');
    l.splice(2, 1);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, join_(l));
    out.length = 0;
    expect(await auditCommand.run(['verify', bad], io)).toBe(1);
    expect(out.join('\n')).toMatch(/FAILED at line 3: 1 record\(s\) deleted before line 3: expected seq 1, found 2/);
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
