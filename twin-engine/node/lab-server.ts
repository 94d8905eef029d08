/**
 * The network host of the session API (a lab session): one engine on the instructor's machine, any
 * number of connections over WebSocket, each served by its own SessionServer over a RoleGuard, exactly
 * as the Worker and Electron hosts serve theirs. Frames are text (session/wire.ts).
 *
 * Whatever arrives from the network is untrusted: frames above a size limit, above a rate, not JSON or
 * not a protocol message are refused with a reason and never reach the engine; a client too slow to
 * read its streams has waveform chunks dropped and numerics coalesced (latest frame wins) rather than
 * queued without bound, so one client can neither stall nor bloat the server.
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Subscription } from 'rxjs';
import type { EngineSession, NumericsFrame, OpenRequest, Session, SessionEvent } from '../session/api';
import { checkClientMessage, type ServerMessage } from '../session/protocol';
import { RoleAuthority, RoleGuard } from '../session/roles';
import { combineLeaderboards, labLeaderboard } from '../evaluation/lab-leaderboard';
import { labGradebook } from '../evaluation/lab-gradebook';
import { SessionServer } from '../session/server';
import { decodeFrame, encodeFrame } from '../session/wire';
import { labWebHandler } from './lab-http';

export interface LabLimits {
  /** Largest frame accepted from a client, in bytes. */
  maxFrameBytes: number;
  /** Frames per second a client may send on average, and the burst allowed above it. */
  ratePerS: number;
  burst: number;
  /** Above this many bytes waiting in a client's socket, its waveforms are dropped and numerics coalesced. */
  slowClientBytes: number;
}

export const DEFAULT_LAB_LIMITS: LabLimits = {
  maxFrameBytes: 256 * 1024,
  ratePerS: 100,
  burst: 200,
  slowClientBytes: 1024 * 1024,
};

export interface LabServerOptions {
  engine: EngineSession;
  /** Shared by every connection (PIN, debrief release); one is made when not given. */
  authority?: RoleAuthority;
  /** TCP port (0 = any free port) and interface (default 127.0.0.1; '0.0.0.0' for the LAN). */
  port?: number;
  host?: string;
  limits?: Partial<LabLimits>;
  /** Decides each connection's role and identity (lab join codes); defaults to authority.connect. */
  connect?: (req: OpenRequest, conn: LabConnection) => Session;
  /**
   * The built web UI (dist-web) served over HTTP on the same port, so a browser opening the lab's
   * address gets the join screen (lab-http.ts). null: the page says the UI is not built.
   */
  webRoot?: string | null;
}

/** One client connection as the server sees it. */
export interface LabConnection {
  readonly id: number;
  readonly remote: string;
  /** Close the connection with a reason the client is told. */
  close(reason: string): void;
}

interface Bucket {
  tokens: number;
  lastMs: number;
}

const CLOSE_POLICY = 1008;
/** Replay buffers: an hour of a 40-bed ward at one frame per bed per second; events likewise bounded. */
const HISTORY_MAX_FRAMES = 40 * 3600;
const HISTORY_MAX_EVENTS = 20_000;
/**
 * A student's copy of the ward keeps a shorter history (a lab may hold 60 copies): 6,000 frames, about
 * 17 minutes of a six-bed ward, and 2,000 events. A student away longer gets the latest part.
 */
const COPY_HISTORY_FRAMES = 6_000;
const COPY_HISTORY_EVENTS = 2_000;
const CLOSE_TOO_BIG = 1009;

export class LabServer {
  readonly limits: LabLimits;
  readonly authority: RoleAuthority;
  private readonly wss: WebSocketServer;
  private nextConn = 1;
  private readonly conns = new Set<{ ws: WebSocket; server: SessionServer; session: () => Session | null; flush: () => void; token: () => string | null }>();
  private readonly removedSub;
  private readonly flusher: ReturnType<typeof setInterval>;
  url = '';
  /** The HTTP server the WebSocket shares its port with (it serves the web UI). */
  private http: HttpServer | null = null;
  /** The page's address (http://…/), same host and port as `url`. */
  get pageUrl(): string {
    return this.url.replace(/^ws:/, 'http:');
  }

  private constructor(private readonly opts: LabServerOptions, wss: WebSocketServer) {
    this.limits = { ...DEFAULT_LAB_LIMITS, ...opts.limits };
    this.authority = opts.authority ?? new RoleAuthority(opts.engine);
    this.authority.scoreLab ??= { leaderboard: labLeaderboard, combine: combineLeaderboards, gradebook: labGradebook };
    this.wss = wss;
    wss.on('connection', (ws, req) => this.accept(ws, req));
    if (this.authority.lab) {
      this.keepHistory();
      for (const name of this.authority.copies.keys()) this.keepCopyHistory(name);
      this.copySub = this.authority.copyAssigned.subscribe((name) => this.keepCopyHistory(name));
    }
    this.clockSub = opts.engine.clock().subscribe((c) => (this.simTimeS = c.simTimeS));
    // A removed student's connections close at once, with the reason.
    this.removedSub = this.authority.removedTokens.subscribe((t) => {
      for (const c of this.conns) if (c.token() === t) c.ws.close(CLOSE_POLICY, 'The instructor removed you from the lab');
    });
    // Slow clients' coalesced numerics go out once their socket has drained.
    this.flusher = setInterval(() => {
      for (const c of this.conns) c.flush();
    }, 50);
    this.flusher.unref?.();
  }

  static start(opts: LabServerOptions): Promise<LabServer> {
    const limits = { ...DEFAULT_LAB_LIMITS, ...opts.limits };
    return new Promise((resolve, reject) => {
      // ws enforces a hard cap (4× the limit) by closing; frames between the limit and the cap are
      // refused with a reply, so a client learns why.
      // One port for the page (HTTP) and the lab (WebSocket upgrade on the same server).
      const http = createServer(labWebHandler(opts.webRoot ?? null, opts.host ?? '127.0.0.1'));
      const wss = new WebSocketServer({ server: http, maxPayload: limits.maxFrameBytes * 4 });
      // ws re-emits the HTTP server's errors (EADDRINUSE) on itself.
      wss.once('error', reject);
      http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
        const server = new LabServer(opts, wss);
        server.http = http;
        const addr = http.address();
        if (typeof addr === 'object' && addr) server.url = `ws://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/`;
        resolve(server);
      });
    });
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const id = this.nextConn++;
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const limits = this.limits;
    const conn: LabConnection = { id, remote, close: (reason) => ws.close(CLOSE_POLICY, reason.slice(0, 120)) };
    const streamOf = new Map<number, string>();
    /**
     * Coalesced numerics of a slow client: the latest frame per subscription AND bed (one subscription
     * may carry every bed: coalescing by subscription alone would keep one bed and lose the rest).
     */
    const latest = new Map<string, ServerMessage>();
    const coalesceKey = (msg: ServerMessage & { t: 'data' }) => `${msg.subId}:${(msg.value as { bedId?: unknown } | null)?.bedId ?? ''}`;
    const send = (msg: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (msg.t === 'data' && ws.bufferedAmount > limits.slowClientBytes) {
        const stream = streamOf.get(msg.subId);
        if (stream === 'numerics' || stream === 'clock') latest.set(coalesceKey(msg), msg);
        // waveform chunks (and other streams) of a slow client are dropped
        if (stream !== 'events') return;
      }
      if (msg.t === 'data') latest.delete(coalesceKey(msg));
      ws.send(encodeFrame(msg));
    };
    const flush = () => {
      if (latest.size === 0 || ws.bufferedAmount > limits.slowClientBytes / 2) return;
      const msgs = [...latest.values()];
      latest.clear();
      for (const m of msgs) ws.send(encodeFrame(m));
    };
    let session: Session | null = null;
    let token: string | null = null;
    /** A student back with their token: what they missed since this simulated time is replayed first. */
    let replayFromS: number | null = null;
    const replayed = new Set<string>();
    const connectFn = this.opts.connect ?? ((r: OpenRequest) => this.admit(r, (t) => (token = t), (s) => (replayFromS = s)));
    const server = new SessionServer((r) => (session = connectFn(r, conn)), { post: (m) => send(m) });
    const entry = { ws, server, session: () => session, flush, token: () => token };
    this.conns.add(entry);

    const bucket: Bucket = { tokens: limits.burst, lastMs: performance.now() };
    let refusedInARow = 0;
    const refuse = (error: string, raw?: unknown) => {
      const id = (raw as { id?: unknown } | undefined)?.id;
      if (Number.isInteger(id)) send({ t: 'res', id: id as number, ok: false, error });
      else send({ t: 'error', error });
      // A client that sends nothing but refused frames is closed: it cannot be a WardTwin client.
      if (++refusedInARow >= 50) conn.close(`Too many refused frames (last: ${error})`);
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const now = performance.now();
      bucket.tokens = Math.min(limits.burst, bucket.tokens + ((now - bucket.lastMs) / 1000) * limits.ratePerS);
      bucket.lastMs = now;
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
      if (bucket.tokens < 1) return refuse(`Rejected frame: more than ${limits.ratePerS} frames per second (burst ${limits.burst}); slow down`);
      bucket.tokens -= 1;
      if (isBinary) return refuse('Rejected frame: binary frames are not part of the protocol (send JSON text)');
      if (size > limits.maxFrameBytes) return refuse(`Rejected frame: ${size} bytes is over the limit of ${limits.maxFrameBytes} bytes`);
      let msg: unknown;
      try {
        msg = decodeFrame(data.toString());
      } catch {
        // The parser's own wording differs between Node versions; the client needs only this.
        return refuse('Rejected frame: not valid JSON text (each frame is one protocol message as JSON)');
      }
      const problem = checkClientMessage(msg);
      if (problem !== null) return refuse(`Rejected message: ${problem}`, msg);
      const m = msg as { t?: unknown; subId?: unknown; stream?: unknown };
      if (m && m.t === 'sub' && Number.isInteger(m.subId) && typeof m.stream === 'string') streamOf.set(m.subId as number, m.stream);
      refusedInARow = 0;
      // The missed part is replayed into the first subscription of each stream after the reconnect, not
      // into every later one (a student who switches beds re-subscribes).
      if (m.t === 'sub' && replayFromS !== null && !replayed.has(m.stream as string)) {
        replayed.add(m.stream as string);
        this.replay(replayFromS, m as { subId: number; stream: string; filter?: { bedId?: string } }, send, session);
      }
      server.handle(msg);
    });
    ws.on('close', () => {
      this.conns.delete(entry);
      if (token !== null) this.authority.lab?.connected(token, -1, this.simTimeS);
      server.close();
      void session?.dispose();
    });
    ws.on('error', () => {});
    server.ready();
  }

  /**
   * Open a connection: in a lab (authority.lab set) the roster admits it (join code and name, token,
   * or the instructor key) and the connection carries the student's identity; otherwise roles only.
   */
  private admit(req: OpenRequest, setToken: (t: string) => void, setReplayFrom: (s: number | null) => void): Session {
    const lab = this.authority.lab;
    if (!lab) return this.authority.connect(req, { hostKind: 'network' });
    if (typeof req !== 'object' || req === null) throw new Error('Open request must be an object');
    const a = lab.admit(req, this.simTimeS);
    const guard = this.authority.connect({ role: a.role, pin: req.pin }, { hostKind: 'network', identity: a.name !== null && a.token !== null ? { name: a.name, token: a.token } : undefined });
    if (a.token !== null) {
      setToken(a.token);
      setReplayFrom(a.role === 'student' ? lab.lastSeenS(a.token) : null);
      lab.connected(a.token, 1, this.simTimeS);
    }
    // `lab serve --copies`: a student's first connection gives them their copy of the ward (commands wait for it).
    if (a.role === 'student' && a.name !== null && this.authority.copyEveryStudent && !this.authority.copies.has(a.name)) {
      this.authority.labAssignCopy(a.name).catch((err: unknown) => this.copyErrors.set(a.name as string, (err as Error).message));
    }
    return guard;
  }

  private simTimeS = 0;

  /**
   * What students saw, kept for those who drop out: numerics and events as a student connection
   * receives them (no truth, answers withheld), bounded. Only in a lab (authority.lab set).
   */
  private readonly history = { numerics: new Ring<NumericsFrame>(HISTORY_MAX_FRAMES), events: new Ring<SessionEvent>(HISTORY_MAX_EVENTS) };
  private historySubs: Subscription[] = [];

  private keepHistory(): void {
    const view = this.authority.connect({ role: 'student' }, { hostKind: 'network' });
    this.historySubs = [view.numerics({}).subscribe((f) => this.history.numerics.push(f)), view.events().subscribe((e) => this.history.events.push(e))];
  }

  /** Copies whose making failed, with the reason (a student's commands then fail with it too). */
  readonly copyErrors = new Map<string, string>();
  private copySub: Subscription | null = null;
  /** Each student's copy of the ward: what they saw of it, for a reconnect (their own modules' findings). */
  private readonly copyHistory = new Map<string, { numerics: Ring<NumericsFrame>; events: Ring<SessionEvent> }>();

  private keepCopyHistory(student: string): void {
    if (this.copyHistory.has(student)) return;
    const h = { numerics: new Ring<NumericsFrame>(COPY_HISTORY_FRAMES), events: new Ring<SessionEvent>(COPY_HISTORY_EVENTS) };
    this.copyHistory.set(student, h);
    // As the student sees it: student role, their name (their modules), every bed (the replay filters by beds).
    const view = this.authority.connect({ role: 'student' }, { hostKind: 'network', identity: { name: student, token: '' } });
    this.historySubs.push(view.numerics({}).subscribe((f) => h.numerics.push(f)), view.events().subscribe((e) => h.events.push(e)));
  }

  /** The missed part, as this connection may see it (its beds, its modules: RoleGuard.seesFrame/seesEvent). */
  private replay(fromS: number, sub: { subId: number; stream: string; filter?: { bedId?: string } }, send: (m: ServerMessage) => void, session: Session | null): void {
    const bedId = sub.filter?.bedId;
    const guard = session instanceof RoleGuard ? session : null;
    const copy = guard?.copy ?? null;
    const history = copy === null ? this.history : this.copyHistory.get(copy);
    if (!history) return;
    if (sub.stream === 'numerics') {
      for (const f of history.numerics) if (f.simTimeS > fromS && (bedId === undefined || f.bedId === bedId) && (guard?.seesFrame(f) ?? true)) send({ t: 'data', subId: sub.subId, value: f });
    } else if (sub.stream === 'events') {
      for (const e of history.events) if (e.simTimeS > fromS && (guard?.seesEvent(e) ?? true)) send({ t: 'data', subId: sub.subId, value: e });
    }
  }
  private readonly clockSub;

  /** Close every connection (with the reason) and stop listening. */
  async close(reason = 'The lab session ended'): Promise<void> {
    clearInterval(this.flusher);
    this.removedSub.unsubscribe();
    for (const h of this.historySubs) h.unsubscribe();
    this.copySub?.unsubscribe();
    this.clockSub.unsubscribe();
    for (const c of this.conns) c.ws.close(1001, reason);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const c of this.conns) c.ws.terminate();
    // Pages kept alive by browsers would hold the port open: closed with the server.
    await new Promise<void>((resolve) => {
      if (!this.http) return resolve();
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}

/** A bounded history, oldest first: constant time per item once full (the replay buffer holds 144,000 frames). */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(x: T): void {
    if (this.count < this.capacity) this.items[(this.start + this.count++) % this.capacity] = x;
    else {
      this.items[this.start] = x;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.start + i) % this.capacity] as T;
  }
}
