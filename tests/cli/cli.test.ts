/** The wardtwin command as a user runs it: a real process through bin/wardtwin.mjs. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
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
  });

  it('an unknown command or option says what exists', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`wardtwin: unknown command 'frobnicate'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    const o = run('run', 'x.yaml', '--speed', '2');
    expect(o.status).toBe(2);
    expect(o.stderr).toContain('wardtwin run: unknown option --speed (known: --duration, --seed, --out, --n, --module, --format, --audit-key, --allow-unsandboxed)');
  });
});
