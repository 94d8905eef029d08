/**
 * Issue 15, CLI: `npx wardtwin --help` cost ~3.4 s of CPU because the CLI was transpiled at every launch.
 * The launcher runs a prebuilt bundle (scripts/build-cli.mjs); this measures the CPU time (user + sys of
 * the node process, from the shell's `times`: steadier under load than wall time) of `--help` from the
 * bundle and from the TypeScript sources. Idle machine: ~0.2 s vs ~1.5 s; at load 20 it was 0.48 vs 1.67 s.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
// @ts-expect-error — plain ESM build script
import { buildCli, bundleIsCurrent } from '../../scripts/build-cli.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** CPU seconds of `node bin/wardtwin.mjs --help` (children's user + sys from bash's `times`). */
function helpCpuS(env: Record<string, string> = {}): number {
  const r = spawnSync('bash', ['-c', 'node bin/wardtwin.mjs --help > /dev/null && times'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  // Second line of `times`: the children's "user sys", e.g. "0m0.436s 0m0.045s".
  const [user, sys] = r.stdout.trim().split('\n')[1].split(' ').map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t)!;
    return Number(m[1]) * 60 + Number(m[2]);
  });
  return user + sys;
}

it('a command starts from the prebuilt bundle: --help well under a second of CPU, far less than transpiling the sources', async () => {
  if (!bundleIsCurrent()) await buildCli();
  const bundled = Math.min(helpCpuS(), helpCpuS());
  const fromSource = helpCpuS({ WARDTWIN_CLI_FROM_SOURCE: '1' });
  expect(bundled).toBeLessThan(1);
  expect(bundled).toBeLessThan(fromSource / 2);
}, 120_000);
