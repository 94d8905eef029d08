/** UI state that changes at human pace (not per frame): zustand, per the pmndrs habit. */
import { create } from 'zustand';
import type { RunState, Session, SessionEvent, Speed, WardInfo } from '../../../twin-engine/session/api';

const MAX_EVENTS = 300;

export interface UiState {
  session: Session | null;
  hostKind: string;
  ward: WardInfo | null;
  runState: RunState;
  speed: Speed;
  selectedBedId: string | null;
  events: SessionEvent[];
  error: string | null;
  setSession(s: Session): void;
  setWard(w: WardInfo): void;
  setRun(runState: RunState, speed: Speed): void;
  selectBed(bedId: string | null): void;
  pushEvent(e: SessionEvent): void;
  setError(msg: string | null): void;
}

export const useUi = create<UiState>((set) => ({
  session: null,
  hostKind: '',
  ward: null,
  runState: 'empty',
  speed: 1,
  selectedBedId: null,
  events: [],
  error: null,
  setSession: (session) => set({ session, hostKind: session.hostKind }),
  setWard: (ward) => set((s) => ({ ward, selectedBedId: s.selectedBedId ?? ward.beds[0]?.bedId ?? null, events: [] })),
  setRun: (runState, speed) => set({ runState, speed }),
  selectBed: (selectedBedId) => set({ selectedBedId }),
  pushEvent: (e) => set((s) => ({ events: [...s.events.slice(-(MAX_EVENTS - 1)), e] })),
  setError: (error) => set({ error }),
}));
