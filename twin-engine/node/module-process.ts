/**
 * External-process runtime: the module is a program speaking JSON lines on stdin/stdout
 * (modules/PROTOCOL.md). On Linux it runs under bubblewrap (`bwrap`, Debian `bubblewrap`):
 *  - new user, PID, network, IPC, UTS and mount namespaces (`--unshare-all`): no network at all, no view
 *    of the host's processes (its /proc is its own PID namespace), no signals to them (its "parent" is
 *    bwrap's init inside the namespace, which ignores signals from it);
 *  - a filesystem of its own: /usr (and the merged-/usr links), the interpreter's runtime and the
 *    module's files read-only, a private /tmp and /dev; nothing else of the host (no home, no /etc, no
 *    ward files, no sockets);
 *  - `--die-with-parent` and a PID namespace: when the sandbox is closed or the host dies, bwrap's init
 *    dies and the kernel kills every process in the namespace, so nothing of the module outlives the run;
 *  - resource limits (prlimit): address space (4× memoryMb), file size, CPU time, processes;
 *  - environment scrubbed; per-call time budget and hang timeout (SIGKILL), output limits, exit = quarantine.
 * Where bwrap cannot run (not Linux, not installed, user namespaces off) a process module is refused
 * unless the user allowed unsandboxed modules (`--allow-unsandboxed`); the choice is recorded in the audit
 * log (ModuleLoadRecord.sandbox) and on the report.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { BedSecondInput, ModuleBundle } from '../modules-host/contract';
import { SandboxStartError, type BedResult, type Sandbox, type SandboxCallResult, type SandboxFactory } from '../modules-host/sandbox';

export const PROTOCOL = 'wardtwin-module/1';
const START_TIMEOUT_MS = 10_000;
const MAX_LINE_BYTES = 1 << 20;
const STDERR_TAIL = 2000;
/** Where the module's files appear inside the sandbox. */
const BOX_DIR = '/module';
/** Limits beyond the manifest's memory: a module writes no big files, needs few processes, and a CPU-time
 * cap ends a process that spins outside calls (the per-call budget is the host's, this is the OS's). */
const FSIZE_BYTES = 16 * 2 ** 20;
const CPU_SECONDS = 3600;
const EXTRA_PROCESSES = 16;

/** How to enable the OS sandbox, shown when a process module is refused. */
export const ENABLE_SANDBOX_HELP =
  'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0); or, for a module you trust, pass --allow-unsandboxed';

export interface SandboxProbe {
  /** bwrap ran a program with every namespace unshared. */
  bwrap: boolean;
  prlimit: boolean;
  /** Why bwrap is not usable (shown to the user), null when it is. */
  reason: string | null;
}

let probe: SandboxProbe | null = null;
/** What this machine offers, probed once: `bwrap --unshare-all … true` either works or says why not. */
export function sandboxProbe(): SandboxProbe {
  if (probe) return probe;
  const prlimit = process.platform === 'linux' && spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
  if (process.platform !== 'linux') return (probe = { bwrap: false, prlimit, reason: `no OS sandbox for process modules on ${process.platform} (bubblewrap is Linux only)` });
  const r = spawnSync('bwrap', ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', 'true'], { encoding: 'utf8' });
  if (r.error) return (probe = { bwrap: false, prlimit, reason: 'bubblewrap (bwrap) is not installed' });
  if (r.status !== 0) return (probe = { bwrap: false, prlimit, reason: `bubblewrap cannot create namespaces here: ${(r.stderr || `exit ${r.status}`).trim().slice(0, 200)}` });
  return (probe = { bwrap: true, prlimit, reason: null });
}

/** Resolve the program before the environment is scrubbed (pyenv-style shims need the user's env). */
function resolveProgram(cmd: string): { path: string; runtimeDirs: string[] } {
  if (/^python3?$/.test(cmd)) {
    // The interpreter and its standard library: sys.executable's real file, and both prefixes (a venv's
    // and the base installation's), bound read-only into the sandbox.
    const r = spawnSync(cmd, ['-I', '-c', 'import os,sys; print(os.path.realpath(sys.executable)); print(sys.prefix); print(sys.base_prefix)'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) {
      const [exe, ...prefixes] = r.stdout.trim().split('\n');
      return { path: exe, runtimeDirs: [dirname(exe), ...prefixes] };
    }
  }
  let path = cmd;
  if (!cmd.includes('/')) {
    for (const d of (process.env.PATH ?? '').split(delimiter)) {
      if (d && spawnSync('test', ['-x', join(d, cmd)]).status === 0) {
        path = join(d, cmd);
        break;
      }
    }
  }
  return { path, runtimeDirs: path.includes('/') ? [dirname(path)] : [] };
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

export interface ProcessRuntimeOptions {
  /** Run process modules without an OS sandbox where none is available (the user said so). */
  allowUnsandboxed?: boolean;
}

/**
 * `--allow-unsandboxed` travels to every module host of the command (eval's worker threads included)
 * through this variable, set by the CLI from the flag; only the CLI sets it.
 */
export const ALLOW_UNSANDBOXED_ENV = 'WARDTWIN_ALLOW_UNSANDBOXED';

export function processRuntime(opts: ProcessRuntimeOptions = {}): SandboxFactory {
  const caps = sandboxProbe();
  const enforces = caps.bwrap
    ? 'bubblewrap OS sandbox: own user/PID/network/IPC/mount namespaces (no network, no host processes or files), module folder and interpreter read-only, private /tmp, die-with-parent, whole process tree ended with the run; prlimit address space/file size/CPU time/processes; scrubbed environment; per-call time budget + hang kill'
    : `UNSANDBOXED (${caps.reason}; allowed by --allow-unsandboxed): the program has the user's rights over files and processes; ${caps.prlimit ? 'address-space cap (prlimit); ' : ''}scrubbed environment, temp-dir cwd, per-call time budget + hang kill`;
  return {
    enforces,
    async start(bundle) {
      if (!caps.bwrap && !(opts.allowUnsandboxed ?? process.env[ALLOW_UNSANDBOXED_ENV] === '1')) {
        throw new SandboxStartError(
          'start',
          `refused: a process module needs an OS sandbox and ${caps.reason}. To enable it: ${ENABLE_SANDBOX_HELP}`,
        );
      }
      // Wait for the handshake so a broken program is refused at attach.
      const s = startProcess(bundle, caps);
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

/** Processes of this user now: RLIMIT_NPROC counts all of them, so the module's allowance is on top. */
function userProcessCount(): number {
  try {
    return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  } catch {
    return 0;
  }
}

/** bwrap arguments: the read-only system, the interpreter, the module; nothing else of the host. */
function bwrapArgs(moduleDir: string, runtimeDirs: string[]): string[] {
  const a = ['--unshare-all', '--die-with-parent', '--new-session', '--clearenv'];
  a.push('--ro-bind', '/usr', '/usr');
  // Merged-/usr systems have /bin, /lib… as links into /usr; older ones have real folders.
  for (const d of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(d)) continue;
    if (lstatSync(d).isSymbolicLink()) a.push('--symlink', readlinkSync(d), d);
    else a.push('--ro-bind', d, d);
  }
  // The dynamic loader's cache and what Python needs to start, nothing more of /etc.
  for (const f of ['/etc/ld.so.cache', '/etc/localtime']) if (existsSync(f)) a.push('--ro-bind', f, f);
  for (const d of [...new Set(runtimeDirs)].sort()) if (d && d !== '/' && !d.startsWith('/usr/') && existsSync(d)) a.push('--ro-bind', d, d);
  a.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--ro-bind', moduleDir, BOX_DIR, '--chdir', BOX_DIR);
  for (const [k, v] of Object.entries({ PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp', PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' })) a.push('--setenv', k, v);
  return a;
}

function startProcess(bundle: ModuleBundle, caps: SandboxProbe): ProcessSandbox {
  const m = bundle.manifest;
  const dir = mkdtempSync(join(tmpdir(), `wardtwin-${m.name}-`));
  for (const [rel, bytes] of Object.entries(bundle.files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  }
  const where = caps.bwrap ? BOX_DIR : dir;
  const [prog, ...args] = (m.command ?? []).map((a) => a.replaceAll('{entry}', join(where, m.entry)));
  const program = resolveProgram(prog);
  let argv = [program.path, ...args];
  if (caps.prlimit) {
    const limits = [`--as=${m.limits.memoryMb * 4 * 2 ** 20}`];
    if (caps.bwrap) limits.push(`--fsize=${FSIZE_BYTES}`, `--cpu=${CPU_SECONDS}`, `--nproc=${userProcessCount() + EXTRA_PROCESSES}`);
    argv = ['prlimit', ...limits, '--', ...argv];
  }
  if (caps.bwrap) argv = ['bwrap', ...bwrapArgs(dir, program.runtimeDirs), '--', ...argv];
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
