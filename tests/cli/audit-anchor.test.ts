/**
 * `wardtwin run --out` anchors its audit log in manifest.json, and `wardtwin audit verify <folder>`
 * checks the log against it: the tamperings a file-level attacker without the lab key can do to a run
 * folder are named with their line; with the key, even a consistent rewrite of log and manifest fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../twin-engine/cli/audit';
import { runCommand } from '../../twin-engine/cli/run';
import type { CliIo } from '../../twin-engine/cli/io';
import { canonicalJson, recordHash, sha256Hex } from '../../twin-engine/audit/index';

const dir = mkdtempSync(join(tmpdir(), 'wt-anchor-'));
const out = join(dir, 'run');
const keyFile = join(dir, 'lab.key');
const io = () => {
  const lines: string[] = [];
  const cli: CliIo = { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s), isTty: false };
  return { cli, text: () => lines.join('\n') };
};
let log: string;

beforeAll(async () => {
  writeFileSync(keyFile, 'k'.repeat(32));
  const o = io();
  expect(await runCommand(['scenarios/fever-benign.yaml', '--duration', '2m', '--seed', '1', '--out', out, '--audit-key', keyFile], o.cli)).toBe(0);
  expect(o.text()).toMatch(/audit head: [0-9a-f]{64} \(\d+ records, session s-[0-9a-f]{24}, signed\)/);
  log = readFileSync(join(out, 'audit.jsonl'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function verify(args: string[]): Promise<{ code: number; text: string }> {
  const o = io();
  const code = await auditCommand.run(['verify', ...args], o.cli);
  return { code, text: o.text() };
}

describe('run folder anchor', () => {
  it('the manifest carries the head; the untouched folder verifies with the key', async () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const lines = log.trimEnd().split('\n');
    const last = JSON.parse(lines[lines.length - 1]);
    expect(last.kind).toBe('seal');
    expect(manifest.audit).toMatchObject({ format: 'wardtwin-audit-anchor/1', records: lines.length - 1, headHash: last.hash, session: last.session });
    expect(manifest.provenance).toContain('SIMULATION — NOT FOR CLINICAL USE');
    const r = await verify([out, '--audit-key', keyFile]);
    expect(r.code).toBe(0);
    expect(r.text).toContain(`OK: ${lines.length - 1} records of session ${last.session}, chain intact, head hash ${last.hash}; anchor in ${join(out, 'manifest.json')}, signatures valid.`);
  });

  it('a dropped tail is named against the manifest', async () => {
    const lines = log.trimEnd().split('\n');
    writeFileSync(join(dir, 'audit.jsonl'), `${lines.slice(0, -2).join('\n')}\n`);
    const r = await verify([join(dir, 'audit.jsonl'), '--manifest', join(out, 'manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`FAILED at line ${lines.length - 2} (truncated): the log ends after ${lines.length - 3} record(s) (line ${lines.length - 2}) but its anchor records ${lines.length - 1}: 2 record(s) dropped from the tail`);
  });

  it("another session's log in this folder is named", async () => {
    const other = join(dir, 'other');
    expect(await runCommand(['scenarios/fever-benign.yaml', '--duration', '1m', '--seed', '2', '--out', other], io().cli)).toBe(0);
    const r = await verify([join(other, 'audit.jsonl'), '--manifest', join(out, 'manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/FAILED at line 1 \(session\): the log belongs to session 's-[0-9a-f]{24}' but its anchor to 's-[0-9a-f]{24}' \(another session's log\?\)/);
  });

  it('a consistent rewrite of log and manifest without the key fails the signature check', async () => {
    const lines = log.trimEnd().split('\n');
    const i = lines.findIndex((l) => l.includes('"kind":"seed"'));
    lines[i] = lines[i].replace(/"seed":(\d+)/, (_m, n) => `"seed":${Number(n) + 1}`);
    let prev = JSON.parse(lines[i - 1]).hash ?? sha256Hex(canonicalJson(JSON.parse(lines[0])));
    for (let k = i; k < lines.length; k++) {
      const r = JSON.parse(lines[k]);
      r.prevHash = prev;
      if (r.kind === 'seal') r.data.headHash = prev;
      r.hash = recordHash(r);
      prev = r.hash;
      lines[k] = canonicalJson(r);
    }
    const forged = join(dir, 'forged');
    rmSync(forged, { recursive: true, force: true });
    expect(await runCommand(['scenarios/fever-benign.yaml', '--duration', '1m', '--out', forged], io().cli)).toBe(0);
    writeFileSync(join(forged, 'audit.jsonl'), `${lines.join('\n')}\n`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    manifest.audit.headHash = prev;
    writeFileSync(join(forged, 'manifest.json'), JSON.stringify(manifest));
    // Without the key the rewrite is self-consistent: that is what the key is for (threat model).
    expect((await verify([forged])).code).toBe(0);
    const r = await verify([forged, '--audit-key', keyFile]);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`(signature): the seal's signature (line ${lines.length}) does not verify with this key`);
  });
});
