/** The wardtwin command as a user runs it: a real process through bin/wardtwin.mjs. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../twin-engine/cli/main';

const ROOT = resolve(import.meta.dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, [resolve(ROOT, 'bin/wardtwin.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('wardtwin CLI', () => {
  it('--help lists the commands and the simulation notice', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: wardtwin <command> [options]');
    expect(r.stdout).toMatch(/^ {2}validate /m);
    expect(r.stdout).toMatch(/^ {2}run /m);
    expect(r.stdout).toContain('SIMULATION — NOT FOR CLINICAL USE');
  });

  it('every command has --help', () => {
    for (const cmd of COMMANDS.map((c) => c.name)) {
      const r = run(cmd, '--help');
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toContain(`Usage: wardtwin ${cmd}`);
    }
  }, 180_000);

  it('an unknown command or option says what exists', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`wardtwin: unknown command 'frobnicate'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    const o = run('run', 'x.yaml', '--speed', '2');
    expect(o.status).toBe(2);
    expect(o.stderr).toContain('wardtwin run: unknown option --speed (known: --duration, --seed, --out, --n, --module, --format, --audit-key, --allow-unsandboxed)');
  });

  it('text from a file reaches the terminal with its control characters escaped (a title cannot clear the screen)', () => {
    // The default ward under a title with ESC [2J (clear screen), BEL and a bidi override, beside the original.
    const dir = mkdtempSync(join(tmpdir(), 'wt-title-'));
    const ward = readFileSync(resolve(ROOT, 'scenarios/wards/default.yaml'), 'utf8')
      .replace(/^title: .*$/m, 'title: "Ward \\e[2J\\a \\u202Eevil"')
      .replaceAll('scenario: ../', 'scenario: '); // library names
    writeFileSync(join(dir, 'w.yaml'), ward);
    try {
      const r = run('run', join(dir, 'w.yaml'), '--duration', '5s', '--out', join(dir, 'out'));
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('Ward \\x1b[2J\\x07 \\u202eevil: 8 bed(s)');
      expect(r.stdout + r.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    } finally {
      spawnSync('rm', ['-rf', dir]);
    }
  });
});
