/** UI state that changes at human pace (not per frame): zustand, per the pmndrs habit. */
import { create } from 'zustand';
import type { AlarmLimits } from '../../../twin-engine/devices/index';
import type { ModuleInfo, RunState, Session, SessionEvent, Speed, WardInfo } from '../../../twin-engine/session/api';
import type { Role } from './visibility';

const MAX_EVENTS = 400;

export type View = 'ward' | 'station' | 'monitor' | 'debrief';
export type SideTab = 'learner' | 'labs' | 'modules' | 'instructor' | 'lab' | 'events';

/** This page joined a lab session (renderer/src/lab): who it is there, as the lab server said. */
export interface LabState {
  /** The student's name/ID; null for the instructor. */
  name: string | null;
  /** Beds assigned to this student (null: none assigned yet, or the instructor). */
  beds: string[] | null;
}

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface UiState {
  session: Session | null;
  hostKind: string;
  ward: WardInfo | null;
  runState: RunState;
  speed: Speed;
  selectedBedId: string | null;
  /** The most recent events (for the live log); the full history is in state/history.ts. */
  events: SessionEvent[];
  historyVersion: number;
  modules: ModuleInfo[];
  /** Every module's manifest claims seen this session (kept after detach, so the debrief can still score it). */
  moduleEmits: Record<string, ModuleInfo['emits']>;
  /** This connection's role, as the session host granted it (session/roles.ts). */
  role: Role;
  /** The instructor released the debrief: students may read expected actions and episodes. */
  debriefReleased: boolean;
  view: View;
  sideTab: SideTab;
  audioOn: boolean;
  /** Per bed: wall-clock ms until which this UI keeps the bed's alarm sound silent. */
  silencedUntil: Record<string, number>;
  toasts: Toast[];
  error: string | null;
  /** Per bed: the alarm limits in force (from the ward, then from each change). */
  alarmLimits: Record<string, AlarmLimits>;
  /** A question waiting for the user (replacing a running session): ConfirmDialog shows it. */
  confirm: ConfirmRequest | null;
  /** Set when the page is connected to a lab server instead of its own engine. */
  lab: LabState | null;
  setLab(l: LabState | null): void;
  setSession(s: Session): void;
  setWard(w: WardInfo): void;
  setRun(runState: RunState, speed: Speed): void;
  selectBed(bedId: string | null): void;
  pushEvents(e: readonly SessionEvent[]): void;
  resetEvents(e: readonly SessionEvent[]): void;
  setModules(m: ModuleInfo[]): void;
  setRole(r: Role): void;
  setDebriefReleased(on: boolean): void;
  setView(v: View): void;
  setSideTab(t: SideTab): void;
  setAudio(on: boolean): void;
  silence(bedId: string, untilMs: number): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  setError(msg: string | null): void;
  setBedLimits(bedId: string, limits: AlarmLimits): void;
  ask(req: ConfirmRequest | null): void;
}

export interface ConfirmRequest {
  title: string;
  text: string;
  confirmLabel: string;
  resolve(ok: boolean): void;
}

let toastSeq = 1;

export const useUi = create<UiState>((set) => ({
  session: null,
  hostKind: '',
  ward: null,
  runState: 'empty',
  speed: 1,
  selectedBedId: null,
  events: [],
  historyVersion: 0,
  modules: [],
  moduleEmits: {},
  role: 'instructor',
  debriefReleased: false,
  view: 'ward',
  sideTab: 'learner',
  audioOn: true,
  silencedUntil: {},
  toasts: [],
  error: null,
  alarmLimits: {},
  confirm: null,
  lab: null,
  setLab: (lab) => set({ lab }),
  setSession: (session) => set({ session, hostKind: session.hostKind }),
  setWard: (ward) =>
    set((s) => ({
      ward,
      selectedBedId: s.selectedBedId && ward.beds.some((b) => b.bedId === s.selectedBedId) ? s.selectedBedId : (ward.beds[0]?.bedId ?? null),
      events: [],
      silencedUntil: {},
      alarmLimits: Object.fromEntries(ward.beds.map((b) => [b.bedId, b.alarmLimits])),
    })),
  setRun: (runState, speed) => set({ runState, speed }),
  selectBed: (selectedBedId) => set({ selectedBedId }),
  pushEvents: (e) => set((s) => ({ events: [...s.events, ...e].slice(-MAX_EVENTS), historyVersion: s.historyVersion + 1 })),
  resetEvents: (e) => set((s) => ({ events: e.slice(-MAX_EVENTS), historyVersion: s.historyVersion + 1 })),
  setModules: (modules) => set((s) => ({ modules, moduleEmits: { ...s.moduleEmits, ...Object.fromEntries(modules.map((m) => [m.moduleId, m.emits])) } })),
  setRole: (role) => set((s) => ({ role, sideTab: role === 'student' && s.sideTab === 'instructor' ? 'learner' : s.sideTab })),
  setDebriefReleased: (debriefReleased) => set({ debriefReleased }),
  setView: (view) => set({ view }),
  setSideTab: (sideTab) => set({ sideTab }),
  setAudio: (audioOn) => set({ audioOn }),
  silence: (bedId, untilMs) => set((s) => ({ silencedUntil: { ...s.silencedUntil, [bedId]: untilMs } })),
  toast: (kind, text) => set((s) => ({ toasts: [...s.toasts.slice(-3), { id: toastSeq++, kind, text }] })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setError: (error) => set({ error }),
  setBedLimits: (bedId, limits) => set((s) => ({ alarmLimits: { ...s.alarmLimits, [bedId]: limits } })),
  ask: (confirm) => set({ confirm }),
}));

/** Run a session command; show the engine's own error message if it is rejected. */
export async function runCommand<T>(what: string, fn: (s: Session) => Promise<T>): Promise<T | undefined> {
  const { session, toast } = useUi.getState();
  if (!session) return undefined;
  try {
    return await fn(session);
  } catch (err) {
    toast('error', `${what}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
