/**
 * External-process runtime: the module is a program speaking JSON lines on stdin/stdout
 * (modules/PROTOCOL.md). What is enforced, on Linux:
 *  - no network: the process runs in a new, empty network namespace (`unshare -rn`) when the kernel
 *    allows unprivileged user namespaces; otherwise it is NOT network-isolated (reported by `enforces`);
 *  - memory: address-space limit via `prlimit --as` when available;
 *  - environment scrubbed (PATH, LANG, HOME=temp dir, PYTHONHASHSEED=0 only); cwd = a fresh temp dir
 *    holding a copy of the module's files (the files that were hashed are the files that run);
 *  - per-call time budget and hang timeout (SIGKILL), output size limits, exit = quarantine.
 * NOT enforced: filesystem access (the process can read what the user can), CPU time outside calls,
 * child processes of its own. Use a container or bubblewrap for untrusted code from outside a class.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { BedSecondInput, ModuleBundle } from '../modules-host/contract';
import { SandboxStartError, type BedResult, type Sandbox, type SandboxCallResult, type SandboxFactory } from '../modules-host/sandbox';

export const PROTOCOL = 'wardtwin-module/1';
const START_TIMEOUT_MS = 10_000;
const MAX_LINE_BYTES = 1 << 20;
const STDERR_TAIL = 2000;

let probe: { unshare: boolean; prlimit: boolean } | null = null;
function capabilities(): { unshare: boolean; prlimit: boolean } {
  probe ??= {
    unshare: process.platform === 'linux' && spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore' }).status === 0,
    prlimit: process.platform === 'linux' && spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0,
  };
  return probe;
}

/** Resolve the program before the environment is scrubbed (pyenv-style shims need the user's env). */
function resolveProgram(cmd: string): string {
  if (/^python3?$/.test(cmd)) {
    const r = spawnSync(cmd, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  if (cmd.includes('/')) return cmd;
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const r = spawnSync('test', ['-x', join(d, cmd)]);
    if (r.status === 0) return join(d, cmd);
  }
  return cmd;
}

/** JSON cannot carry NaN: waveform gaps become null. */
function wire(beds: BedSecondInput[]): unknown {
  return beds.map((b) => ({
    ...b,
    waveforms: Object.fromEntries(
      Object.entries(b.waveforms).map(([ch, w]) => [ch, { t0S: w!.t0S, sampleRateHz: w!.sampleRateHz, samples: Array.from(w!.samples, (x) => (x === x ? x : null)) }]),
    ),
  }));
}

export function processRuntime(): SandboxFactory {
  const caps = capabilities();
  return {
    enforces: [
      caps.unshare ? 'own empty network namespace (no network)' : 'NO network isolation (unshare unavailable)',
      caps.prlimit ? 'address-space cap (prlimit)' : 'no memory cap (prlimit unavailable)',
      'scrubbed environment, temp-dir cwd, per-call time budget + hang kill; filesystem NOT isolated',
    ].join('; '),
    async start(bundle) {
      // Wait for the handshake so a broken program is refused at attach.
      const s = await startProcess(bundle, caps);
      try {
        await s.ready;
      } catch (err) {
        await s.close();
        throw err;
      }
      return s;
    },
  };
}

async function startProcess(bundle: ModuleBundle, caps: { unshare: boolean; prlimit: boolean }): Promise<ProcessSandbox> {
  const m = bundle.manifest;
  const dir = mkdtempSync(join(tmpdir(), `wardtwin-${m.name}-`));
  for (const [rel, bytes] of Object.entries(bundle.files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  }
  const [prog, ...args] = (m.command ?? []).map((a) => a.replaceAll('{entry}', join(dir, m.entry)));
  let argv = [resolveProgram(prog), ...args];
  if (caps.prlimit) argv = ['prlimit', `--as=${m.limits.memoryMb * 4 * 2 ** 20}`, '--', ...argv];
  if (caps.unshare) argv = ['unshare', '-rn', '--', ...argv];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: dir,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: dir, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new ProcessSandbox(child, dir, m);
}

class ProcessSandbox implements Sandbox {
  private buf = '';
  private stderr = '';
  private waiter: ((msg: Record<string, unknown> | { type: '__dead'; kind: 'crashed' | 'protocol'; message: string }) => void) | null = null;
  private dead: { kind: 'crashed' | 'protocol' | 'timeout'; message: string } | null = null;
  private seq = 0;
  /** Lines asked for and not yet read (a line beyond these is output nobody asked for). */
  private expected = 0;
  /** Lines that arrived before anyone was waiting for them (K seconds written at once). */
  private readonly inbox: Record<string, unknown>[] = [];
  readonly ready: Promise<void>;

  constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    manifest: ModuleBundle['manifest'],
  ) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (s: string) => this.onData(s));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-STDERR_TAIL)));
    child.on('error', (e) => this.fail('crashed', `could not start: ${e.message}`));
    child.on('exit', (code, sig) => this.fail('crashed', `process exited (${sig ?? `code ${code}`})${this.stderr ? `; stderr: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
    child.stdin!.on('error', () => {});
    this.ready = (async () => {
      this.expected++;
      this.send({ type: 'hello', protocol: PROTOCOL, name: manifest.name, version: manifest.version, params: manifest.params });
      const r = await this.next(START_TIMEOUT_MS);
      if (r.type !== 'ready') throw new SandboxStartError(this.dead?.kind === 'timeout' ? 'timeout' : 'start', r.type === '__dead' ? String(r.message) : `expected {"type":"ready"}, got ${JSON.stringify(r).slice(0, 200)}`);
    })();
  }

  async call(beds: BedSecondInput[], timeoutMs: number): Promise<SandboxCallResult> {
    return (await this.callMany([beds], timeoutMs))[0];
  }

  /**
   * K seconds: write all K 'second' lines at once (the program reads them one by one, as ever), then read
   * the K answers in order. Each answer's computeMs is the time since the previous answer (or since the
   * write, for the first): the per-second round-trip time the budget is about. The hang timeout applies
   * to each answer, so a hang in second i still keeps the answers to seconds 0..i-1.
   */
  async callMany(seconds: BedSecondInput[][], timeoutMs: number): Promise<SandboxCallResult[]> {
    if (this.dead) return [{ ok: false, ...this.dead }];
    const first = this.seq + 1;
    let lines = '';
    for (const beds of seconds) lines += `${JSON.stringify({ type: 'second', seq: ++this.seq, simTimeS: beds[0]?.simTimeS ?? 0, beds: wire(beds) })}\n`;
    this.expected += seconds.length;
    this.child.stdin!.write(lines);
    const out: SandboxCallResult[] = [];
    let t0 = performance.now();
    for (let i = 0; i < seconds.length; i++) {
      const seq = first + i;
      const r = await this.next(timeoutMs);
      const t1 = performance.now();
      const computeMs = t1 - t0;
      t0 = t1;
      if (r.type === '__dead') {
        out.push({ ok: false, kind: this.deadKind(), message: String(r.message) });
        break;
      }
      if (r.type === 'error') {
        await this.close();
        out.push({ ok: false, kind: 'threw', message: String(r.message ?? 'error').slice(0, 300) });
        break;
      }
      if (r.type !== 'findings' || r.seq !== seq || !Array.isArray(r.results)) {
        this.fail('protocol', `expected {"type":"findings","seq":${seq},…}, got ${JSON.stringify(r).slice(0, 200)}`);
        out.push({ ok: false, kind: 'protocol', message: String(this.deadMessage()) });
        break;
      }
      out.push({ ok: true, computeMs, results: r.results as BedResult[] });
    }
    return out;
  }

  async close(): Promise<void> {
    if (!this.dead) this.dead = { kind: 'crashed', message: 'closed' };
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        this.child.stdin!.end(`${JSON.stringify({ type: 'bye' })}\n`);
      } catch {
        /* already gone */
      }
      this.child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Read through methods: TypeScript narrows the field across awaits that can change it.
  private deadKind(): 'crashed' | 'protocol' | 'timeout' {
    return this.dead?.kind ?? 'crashed';
  }

  private deadMessage(): string {
    return this.dead?.message ?? '';
  }

  private send(msg: unknown): void {
    if (!this.dead) this.child.stdin!.write(`${JSON.stringify(msg)}\n`);
  }

  private next(timeoutMs: number): Promise<Record<string, unknown>> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.fail('timeout', `no answer within ${timeoutMs} ms (hang or infinite loop); process killed`);
      }, timeoutMs);
      this.waiter = (msg) => {
        clearTimeout(timer);
        resolve(msg as Record<string, unknown>);
      };
      if (this.dead) this.deliver({ type: '__dead', kind: 'crashed', message: this.dead.message });
    });
  }

  private deliver(msg: Record<string, unknown>): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) w(msg as never);
    else if (msg.type !== '__dead') this.inbox.push(msg);
  }

  private onData(s: string): void {
    this.buf += s;
    if (this.buf.length > MAX_LINE_BYTES && !this.buf.includes('\n')) return this.fail('protocol', `a line over ${MAX_LINE_BYTES} bytes`);
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (!line) continue;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        return this.fail('protocol', `stdout line is not JSON: ${line.slice(0, 120)}`);
      }
      if (typeof msg !== 'object' || msg === null) return this.fail('protocol', 'stdout line is not a JSON object');
      if (this.expected === 0) return this.fail('protocol', 'wrote output nobody asked for');
      this.expected--;
      this.deliver(msg as Record<string, unknown>);
    }
  }

  private fail(kind: 'crashed' | 'protocol' | 'timeout', message: string): void {
    if (this.dead) return;
    this.dead = { kind, message };
    this.child.kill('SIGKILL');
    this.deliver({ type: '__dead', kind, message });
  }
}
