/**
 * Who is in a lab session (the network host): a join code for students, an instructor key, and a
 * token per admitted student so that a dropped connection comes back as the same student. Plain
 * TypeScript so any host with several connections can use it; the network host is the one today.
 */
import type { LabMember, LabRosterInfo, OpenRequest, Role } from './api';

interface RandomSource {
  getRandomValues(a: Uint8Array): Uint8Array;
}

// No 0/O, 1/I/L: codes are read off a projector and typed by hand.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomBytes(n: number): Uint8Array {
  const c = (globalThis as unknown as { crypto?: RandomSource }).crypto;
  if (!c) throw new Error('This host has no crypto.getRandomValues: cannot issue lab codes safely');
  return c.getRandomValues(new Uint8Array(n));
}

function randomCode(len: number): string {
  // 256 % 31 leaves a small bias; rejection sampling removes it.
  let out = '';
  while (out.length < len) for (const b of randomBytes(len * 2)) if (b < 248 && out.length < len) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return out;
}

function randomToken(): string {
  return [...randomBytes(24)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const NAME_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,63}$/u;

export interface Admission {
  role: Role;
  /** The student's name as the audit log and the roster show it; null for the instructor. */
  name: string | null;
  token: string | null;
}

/** What a lab server saves so that, after a crash, the same students come back with the same tokens. */
export interface LabRosterState {
  format: 'wardtwin-lab-roster/1';
  code: string;
  instructorKey: string;
  members: { token: string; name: string; joinedAtS: number; beds: string[] | null }[];
  removed: string[];
  lastSeen: [string, number][];
}

export class LabRoster {
  private codeText = randomCode(6);
  /** The instructor's key: printed by `lab serve`, needed to open an instructor connection. */
  readonly instructorKey: string = randomToken();

  constructor(saved?: LabRosterState) {
    if (!saved) return;
    if (saved.format !== 'wardtwin-lab-roster/1' || typeof saved.code !== 'string' || !/^[0-9a-f]{48}$/.test(saved.instructorKey)) {
      throw new Error('The saved lab roster is damaged or from another version: start a new lab (without --state, or with an empty folder)');
    }
    this.codeText = saved.code;
    this.instructorKey = saved.instructorKey;
    // Everybody starts disconnected: connections are counted as they come back.
    for (const m of saved.members) this.members.set(m.token, { token: m.token, name: m.name, joinedAtS: m.joinedAtS, connections: 0, beds: m.beds });
    for (const t of saved.removed) this.removed.add(t);
    for (const [t, s] of saved.lastSeen) this.lastSeen.set(t, s);
  }

  /** The roster to save (tokens included: keep the file as private as the instructor key). */
  state(): LabRosterState {
    return {
      format: 'wardtwin-lab-roster/1',
      code: this.codeText,
      instructorKey: this.instructorKey,
      members: [...this.members.values()].map(({ token, name, joinedAtS, beds }) => ({ token, name, joinedAtS, beds })),
      removed: [...this.removed],
      lastSeen: [...this.lastSeen],
    };
  }
  private readonly members = new Map<string, LabMember & { token: string }>();
  private readonly removed = new Set<string>();

  get code(): string {
    return this.codeText;
  }

  /** A new join code; students already in keep their tokens. */
  rotateCode(): string {
    this.codeText = randomCode(6);
    return this.codeText;
  }

  /** Decide who opens a connection; throws with the reason a client is told. */
  admit(req: OpenRequest, nowS: number): Admission {
    if (req.role === 'instructor') {
      if (req.token !== this.instructorKey) throw new Error('An instructor connection to a lab needs the instructor key printed by `wardtwin lab serve`');
      return { role: 'instructor', name: null, token: null };
    }
    if (req.token !== undefined) {
      if (this.removed.has(req.token)) throw new Error('The instructor removed this student from the lab');
      const m = this.members.get(req.token);
      if (!m) throw new Error('Unknown lab token: join again with the code shown by the instructor');
      return { role: 'student', name: m.name, token: m.token };
    }
    if (typeof req.joinCode !== 'string' || req.joinCode.trim().toUpperCase() !== this.codeText) throw new Error('Wrong join code: ask the instructor for the current code');
    const name = typeof req.name === 'string' ? req.name.trim() : '';
    if (!NAME_RE.test(name)) throw new Error("A student joins with a name or ID: 1 to 64 letters, digits, spaces or . _ ' -");
    for (const m of this.members.values()) if (m.name.toLowerCase() === name.toLowerCase()) throw new Error(`The name '${name}' is taken in this lab: join with your own name or ID (or reconnect with your token)`);
    const token = randomToken();
    this.members.set(token, { token, name, joinedAtS: nowS, connections: 0, beds: null });
    return { role: 'student', name, token };
  }

  /** Simulated time at which each student's last connection dropped (what a reconnect replays from). */
  private readonly lastSeen = new Map<string, number>();

  connected(token: string, delta: 1 | -1, nowS: number): void {
    const m = this.members.get(token);
    if (!m) return;
    m.connections += delta;
    if (delta === -1 && m.connections === 0) this.lastSeen.set(token, nowS);
  }

  /** When a student reconnects with their token after dropping out: the simulated time they left. */
  lastSeenS(token: string): number | null {
    return this.lastSeen.get(token) ?? null;
  }

  /** Assign beds to a student by name (null: every bed). */
  assign(name: string, beds: string[] | null): void {
    for (const m of this.members.values()) {
      if (m.name === name) {
        m.beds = beds;
        return;
      }
    }
    throw new Error(`No student '${name}' in this lab`);
  }

  /** The beds of the student behind a token (null: not assigned, every bed). */
  bedsOf(token: string): string[] | null {
    return this.members.get(token)?.beds ?? null;
  }

  /** Remove a student by name: their token stops working. Returns the token (to close its connections). */
  remove(name: string): string {
    for (const [token, m] of this.members) {
      if (m.name === name) {
        this.members.delete(token);
        this.removed.add(token);
        return token;
      }
    }
    throw new Error(`No student '${name}' in this lab`);
  }

  info(): LabRosterInfo {
    return {
      code: this.codeText,
      students: [...this.members.values()].map(({ name, joinedAtS, connections, beds }) => ({ name, joinedAtS, connections, beds: beds ? [...beds] : null })),
    };
  }
}
