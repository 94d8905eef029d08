/**
 * The module toolchain is the same everywhere: one compiler (modules-host/compile.ts) behind the CLI,
 * the Node hosts and the browser host; closed manifests that refuse truth; module folders read without
 * following links out of them; module text escaped; runtime errors that say where and when.
 * Fixtures: tests/modules/fixtures/ (not in the shipped library).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../twin-engine/audit/log';
import { bundleFromFiles, uploadedOrigin } from '../../twin-engine/modules-host/bundle';
import { compileModuleSource, ModuleCompileError } from '../../twin-engine/modules-host/compile';
import { ManifestError } from '../../twin-engine/modules-host/manifest';
import { createNodeSession } from '../../twin-engine/node/create-node-session';
import { loadModuleBundle } from '../../twin-engine/node/module-host';
import { escapeControl } from '../../twin-engine/util/text';
import { HOSTILE, ROOT } from './helpers';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const cli = (...args: string[]) => spawnSync(process.execPath, [resolve(ROOT, 'bin/wardtwin.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
const filesOf = (dir: string): Record<string, Uint8Array> =>
  Object.fromEntries(readdirSync(dir).map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))]));
const refusal = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    if (err instanceof ManifestError) return err.problems;
    throw err;
  }
  throw new Error('not refused');
};

const SYNTAX = 'index.ts:10:18: syntax error: Unexpected token, expected ")"';

describe('one compiler', () => {
  it('refuses a syntax error with file:line:column (the case transpileModule used to repair)', () => {
    const src = 'export default function () {\n  let v = 1;\n  if (v < 92 st.low++;\n}\n';
    expect(() => compileModuleSource(src, 'rule.ts')).toThrow(ModuleCompileError);
    expect(() => compileModuleSource(src, 'rule.ts')).toThrow('rule.ts:3:14: syntax error: Unexpected token, expected ")"');
  });

  it('keeps every line where it was, so runtime lines are the student\'s', () => {
    const src = readFileSync(join(FIXTURES, 'throws-in-helper/helper.ts'), 'utf8');
    const out = compileModuleSource(src, 'helper.ts').split('\n');
    expect(out[16]).toContain('throw new RangeError(`reading out of range on ${r.bedId}`)');
  });

  it('refuses TypeScript syntax in a .js file', () => {
    expect(() => compileModuleSource('const x: number = 1;\n', 'a.js')).toThrow(/^a\.js:1:8: syntax error: /);
  });

  it('the Node host (folder on disk) and the engine path the browser uses (uploaded files) refuse the same fixture identically', () => {
    const dir = join(FIXTURES, 'syntax-error');
    const fromDisk = refusal(() => loadModuleBundle(dir));
    const fromUpload = refusal(() => bundleFromFiles(filesOf(dir), 'uploaded bundle', 'module.yaml'));
    expect(fromDisk).toEqual([SYNTAX]);
    expect(fromUpload).toEqual(fromDisk);
  });

  it('a refused upload is named by its manifest name, else by its folder (issue 15: it said "uploaded bundle")', () => {
    const manifest = readFileSync(join(FIXTURES, 'syntax-error', 'module.yaml'), 'utf8');
    expect(uploadedOrigin({ manifest, name: 'my-folder' })).toBe("'syntax-error' (uploaded)");
    expect(uploadedOrigin({ manifest: 'version: 1\n', name: 'my-folder' })).toBe("'my-folder' (uploaded folder)");
    expect(() => bundleFromFiles(filesOf(join(FIXTURES, 'syntax-error')), uploadedOrigin({ manifest }), 'module.yaml')).toThrow(/^Module 'syntax-error' \(uploaded\) refused:\n {2}- index\.ts:10:/);
  });

  it('wardtwin module check exits 1 with the file:line:column message', () => {
    const r = cli('module', 'check', 'tests/modules/fixtures/syntax-error');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`Module tests/modules/fixtures/syntax-error refused:\n  - ${SYNTAX}\n`);
  });
});

describe('closed manifests', () => {
  it('refuses subscribes: { truth: all } by name, with its line', () => {
    const r = cli('module', 'check', 'tests/modules/fixtures/truth-subscribe');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'Module tests/modules/fixtures/truth-subscribe refused:\n' +
        "  - module.yaml:8:15: subscribes.truth: 'truth' asks for the hidden truth: modules only see what the bedside monitor shows; the hidden truth (the twin's true_* state and its episodes) is never given to a module — it is used only to score the module's findings\n" +
        "  - 'subscribes' names no input at all\n",
    );
  });

  it('refuses an unknown key with its line and a did-you-mean', () => {
    const r = cli('module', 'check', 'tests/modules/fixtures/unknown-key');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'Module tests/modules/fixtures/unknown-key refused:\n' +
        "  - module.yaml:12:1: limit: unknown key 'limit' (manifests are closed; known here: name, version, authors, description, runtime, entry, command, packages, subscribes, emits, scores, limits, params, onnx, modelCard) (did you mean 'limits'?)\n",
    );
  });

  it('refuses true_* channels and nested unknown keys; params stay the author\'s own', () => {
    const dir = join(FIXTURES, 'unknown-key');
    const files = filesOf(dir);
    const manifest = [
      'name: x', 'version: 0.0.1', 'authors: [t]', 'runtime: js', 'entry: index.js',
      'subscribes:', '  numerics: [spo2Pct, true_spo2Pct]', '  waveform: [ecgII]',
      'emits:', '  - label: hypoxemia', '    detect: [hypoxemia]',
      'params: { anything: 1 }',
    ].join('\n');
    files['module.yaml'] = new TextEncoder().encode(manifest);
    expect(refusal(() => bundleFromFiles(files, 'up', 'module.yaml'))).toEqual([
      expect.stringMatching(/^module\.yaml:7:23: subscribes\.numerics\[1\]: 'true_spo2Pct' asks for the hidden truth: modules only see what the bedside monitor shows/),
      "module.yaml:8:3: subscribes.waveform: unknown key 'waveform' (manifests are closed; known here: numerics, waveforms, labs, events) (did you mean 'waveforms'?)",
      "module.yaml:11:5: emits[0].detect: unknown key 'detect' (manifests are closed; known here: label, detects) (did you mean 'detects'?)",
    ]);
  });
});

describe('module files', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'wardtwin-links-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a symbolic link that leaves the module folder, by name', () => {
    const dir = join(tmp, 'mod');
    cpSync(join(FIXTURES, 'symlink-escape'), dir, { recursive: true });
    writeFileSync(join(tmp, 'secret.txt'), 'outside the module\n');
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'data.txt'));
    expect(refusal(() => loadModuleBundle(dir))).toEqual([
      `data.txt: a link that leaves the module folder (to ${join(tmp, 'secret.txt')}); copy the file into the folder instead`,
    ]);
  });

  it('follows a link that stays inside the folder, and does not loop on a link to a parent', () => {
    const dir = join(tmp, 'inside');
    cpSync(join(FIXTURES, 'symlink-escape'), dir, { recursive: true });
    symlinkSync(join(dir, 'index.js'), join(dir, 'alias.js'));
    symlinkSync(dir, join(dir, 'loop'));
    const b = loadModuleBundle(dir);
    expect(Object.keys(b.files).sort()).toEqual(['alias.js', 'index.js', 'model-card.yaml', 'module.yaml']);
  });
});

describe('control characters', () => {
  it('escapes ESC sequences, C1, DEL, line breaks and bidi overrides', () => {
    expect(escapeControl('\u001b[2J\u001b[31mred\u0007')).toBe('\\x1b[2J\\x1b[31mred\\x07');
    expect(escapeControl('a\r\nb\tc\u007f\u009b')).toBe('a\\x0d\\x0ab\\x09c\\x7f\\x9b');
    expect(escapeControl('abc\u202edcba\u2066')).toBe('abc\\u202edcba\\u2066');
    expect(escapeControl('SpO₂ 88 % — ok')).toBe('SpO₂ 88 % — ok');
    expect(escapeControl('two\nlines\tok\u001b', { keepLines: true })).toBe('two\nlines\tok\\x1b');
  });

  it('escapes them in a module\'s model card and authors', () => {
    const files = filesOf(join(FIXTURES, 'symlink-escape'));
    const yaml = new TextDecoder().decode(files['module.yaml']).replace('authors: [WardTwin tests]', 'authors: ["Eve\\e[2K"]');
    files['module.yaml'] = new TextEncoder().encode(yaml);
    files['model-card.yaml'] = new TextEncoder().encode(new TextDecoder().decode(files['model-card.yaml']).replace('intendedUsers: WardTwin developers running the module toolchain tests.', 'intendedUsers: "\\e]0;pwned\\a WardTwin developers running the module toolchain tests."'));
    const m = bundleFromFiles(files, 'up', 'module.yaml').manifest;
    expect(m.authors).toEqual(['Eve\\x1b[2K']);
    expect(m.modelCard.intendedUsers).toBe('\\x1b]0;pwned\\x07 WardTwin developers running the module toolchain tests.');
  });
});

describe('runtime errors', () => {
  it('name the module, file:line (the student\'s TS), bed and simulated time — in the status, the audit log and the CLI', async () => {
    const reason = "module 'throws-in-helper' threw RangeError: reading out of range on bed-2 at helper.ts:17 on bed 'bed-2' at simulated time 00:00:15 (15 s)";
    const session = createNodeSession();
    try {
      await session.load({ kind: 'builtin', path: 'wards/default.yaml', seed: 1 });
      await session.attachModule({ kind: 'file', path: join(FIXTURES, 'throws-in-helper') });
      await session.step(20);
      const [info] = (await session.status()).modules;
      expect(info.status).toBe('quarantined');
      expect(info.statusReason).toBe(reason);
      const audit = await session.auditLog();
      expect(verifyAudit(audit)).toMatchObject({ ok: true });
      const rec = audit.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.kind === 'module_status' && r.data.status === 'quarantined');
      expect(rec.data.message).toBe(`Module 'throws-in-helper' quarantined: ${reason}`);
      expect(rec.timeS).toBe(15);
    } finally {
      await session.dispose();
    }
    const r = cli('module', 'check', 'tests/modules/fixtures/throws-in-helper', '--duration', '20s');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`status quarantined (${reason})`);
  });

  it('hostile/throws: the entry file\'s own line', async () => {
    const r = cli('module', 'check', join(HOSTILE, 'throws'), '--duration', '25s');
    expect(r.stdout).toContain("status quarantined (module 'hostile-throws' threw Error: boom at 20 at index.ts:8 on bed 'bed-1' at simulated time 00:00:20 (20 s))");
  });
});
