/**
 * Process modules in the OS sandbox (node/module-process.ts), through the product path: the real
 * `wardtwin` process (bin/wardtwin.mjs), so a module that kills its parent would kill the CLI.
 * tests/modules/hostile/python-escape forks `sleep 987654`, reads every command line it can see and any
 * .yaml named there (the ward it is graded on) and /etc/passwd, SIGKILLs its parent, and reports what it
 * saw as its first finding's message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxProbe } from '../../twin-engine/node/module-process';
import { HOSTILE, ROOT } from './helpers';

const ESCAPE = join(HOSTILE, 'python-escape');
const WARD = 'scenarios/wards/default.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'wardtwin-os-sandbox-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function wardtwin(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [resolve(ROOT, 'bin/wardtwin.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 240_000 });
}

/** Processes left with the module's marker child on their command line. */
function leftovers(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes('987654');
      } catch {
        return false;
      }
    });
}

function saw(out: string): string {
  const f = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { findings: { moduleId: string; message: string }[] };
  return f.findings.find((x) => x.moduleId === 'hostile-python-escape')?.message ?? '';
}

const probe = sandboxProbe();
if (!probe.bwrap) console.log(`SKIPPED the bubblewrap part: ${probe.reason}`);

describe('a JS module in its own process', () => {
  it('new Array(1e9).fill(1) in onSecond: the run exits 0, writes every file, quarantines it for memory, numerics unchanged', () => {
    const out = join(tmp, 'oom');
    const r = wardtwin(['run', WARD, '--duration', '40s', '--seed', '3', '--module', join(HOSTILE, 'array-bomb'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['audit.jsonl', 'events.json', 'findings.json', 'manifest.json', 'numerics.csv', 'truth.json']);
    expect(r.stderr).toMatch(/^module hostile-array-bomb was quarantined: exceeded its memory cap: sandbox process heap over 96 MB \((V8: [^)]+|\d+ MB resident when it stopped answering)\); process ended$/m);
    const base = join(tmp, 'oom-base');
    expect(wardtwin(['run', WARD, '--duration', '40s', '--seed', '3', '--out', base]).status).toBe(0);
    expect(readFileSync(join(out, 'numerics.csv'), 'utf8')).toBe(readFileSync(join(base, 'numerics.csv'), 'utf8'));
  }, 300_000);
});

describe('process modules in the OS sandbox', () => {
  // CI installs bubblewrap (.ci/run): there the bubblewrap test must run, not skip quietly.
  it.runIf(process.env.CI === 'true')('CI has a working OS sandbox, so the bubblewrap test below runs', () => {
    expect(probe.reason).toBeNull();
  });

  it.skipIf(!probe.bwrap)('a Python module that kills its parent, forks and reads the ward file: the run exits 0, nothing of it is left, it saw nothing of the host', () => {
    const out = join(tmp, 'bwrap');
    const r = wardtwin(['run', WARD, '--duration', '20s', '--seed', '3', '--module', ESCAPE, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['audit.jsonl', 'events.json', 'findings.json', 'manifest.json', 'numerics.csv', 'truth.json']);
    // Its own PID namespace: itself, its sleeping child and bwrap's init; no command line naming a .yaml;
    // no /etc/passwd in its filesystem; the SIGKILL went to bwrap's init inside the namespace (ignored).
    expect(saw(out)).toBe('forked sleep | processes visible: 3 | yaml args: none | denied /etc/passwd: FileNotFoundError | SIGKILL sent to parent 1');
    expect(leftovers()).toEqual([]);
    // The run without the module writes the same numerics.
    const base = join(tmp, 'base');
    expect(wardtwin(['run', WARD, '--duration', '20s', '--seed', '3', '--out', base]).status).toBe(0);
    expect(readFileSync(join(out, 'numerics.csv'), 'utf8')).toBe(readFileSync(join(base, 'numerics.csv'), 'utf8'));
    const load = readFileSync(join(out, 'audit.jsonl'), 'utf8').split('\n').find((l) => l.includes('"module_load"')) ?? '';
    expect(load).toContain('bubblewrap OS sandbox');
  }, 300_000);

  it('without an OS sandbox a process module is refused, saying how to enable it; --allow-unsandboxed runs it and records that', () => {
    // A PATH with python3 and prlimit but no bwrap: what a machine without bubblewrap looks like.
    const bin = join(tmp, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    const py = spawnSync('python3', ['-c', 'import os,sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(py, join(bin, 'python3'));
    symlinkSync('/usr/bin/prlimit', join(bin, 'prlimit'));
    const env = { ...process.env, PATH: bin };
    const refused = join(tmp, 'refused');
    const r = wardtwin(['run', WARD, '--duration', '20s', '--seed', '3', '--module', ESCAPE, '--out', refused], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'module hostile-python-escape was quarantined: failed to start: refused: a process module needs an OS sandbox and bubblewrap (bwrap) is not installed. To enable it: install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0); or, for a module you trust, pass --allow-unsandboxed\n',
    );
    // Allowed, a module runs with the user's rights (the hostile one would SIGKILL this CLI, which is
    // why it is refused by default): the reference Python module, recorded as unsandboxed in the audit log.
    const allowed = join(tmp, 'allowed');
    const a = wardtwin(['run', WARD, '--duration', '20s', '--seed', '3', '--module', join(ROOT, 'modules/examples/spo2-rule-python'), '--out', allowed, '--allow-unsandboxed'], env);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toContain('WARNING: --allow-unsandboxed: process modules run WITHOUT an OS sandbox (bubblewrap (bwrap) is not installed); they can read your files and start processes.');
    const load = readFileSync(join(allowed, 'audit.jsonl'), 'utf8').split('\n').find((l) => l.includes('"module_load"')) ?? '';
    expect(load).toContain('UNSANDBOXED (bubblewrap (bwrap) is not installed; allowed by --allow-unsandboxed)');
    expect(JSON.parse(readFileSync(join(allowed, 'findings.json'), 'utf8')).modules[0].status).toBe('running');
    // An evaluation of it says so on the terminal and first thing on the report, and records it.
    const ev = join(tmp, 'eval-unsandboxed');
    const e = wardtwin(['eval', '--module', join(ROOT, 'modules/examples/spo2-rule-python'), '--cohort', 'scenarios/cohorts/respiratory-ward.yaml', '--n', '1', '--duration', '2m', '--workers', '1', '--out', ev, '--allow-unsandboxed'], env);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toContain('WARNING: spo2-rule-python ran without an OS sandbox (--allow-unsandboxed); the report says so.');
    expect(readFileSync(join(ev, 'report.html'), 'utf8')).toContain(
      'The module ran WITHOUT an OS sandbox (allowed with --allow-unsandboxed): it could read files on this machine, the ward and cohort files among them. UNSANDBOXED (bubblewrap (bwrap) is not installed',
    );
    expect(JSON.parse(readFileSync(join(ev, 'metrics.json'), 'utf8')).config.moduleSandbox).toMatch(/^UNSANDBOXED \(bubblewrap \(bwrap\) is not installed; allowed by --allow-unsandboxed\)/);
    for (const pid of leftovers()) process.kill(Number(pid), 'SIGKILL');
  }, 300_000);
});
