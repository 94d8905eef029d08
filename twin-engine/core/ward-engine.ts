/**
 * The ward: every bed stepped in lock-step at the physiology's fixed step. The engine owns simulated
 * time (an integer step count, so time never drifts); hosts decide how fast to call it.
 */
import { PHYSIOLOGY_DT_S } from '../physiology/index';
import type { ChannelId } from '../devices/index';
import type { SessionEvent } from '../shared/session-data';
import { Bed, type BedPlan, type BedSnapshot } from './bed';
import { drawSample, findPanel, type LabOrder } from './labs';
import { Ecg12Capture, renderEcg12, type Ecg12CaptureState, type Ecg12Recording } from '../devices/index';
import { DEFAULT_STEMI_TERRITORY, stemiTerritory, type StemiTerritory } from '../physiology/index';
import { hashString32 } from '../util/prng';

/** A 12-lead ECG being recorded: the order it answers and the capture of its 10 s. */
interface PendingEcg12 {
  orderId: string;
  bedId: string;
  capture: Ecg12Capture;
}

export interface WardPlan {
  wardId: string;
  title: string;
  sourceFile: string;
  beds: BedPlan[];
}

export interface WardSnapshot {
  stepCount: number;
  beds: BedSnapshot[];
  labOrders: LabOrder[];
  /** 12-lead ECGs still recording. */
  ecg12Captures?: { orderId: string; bedId: string; state: Ecg12CaptureState }[];
}

export class WardEngine {
  readonly plan: WardPlan;
  readonly beds: Bed[];
  readonly dtS = PHYSIOLOGY_DT_S;
  /** Steps per simulated second, for the 1 Hz numerics boundary. */
  readonly stepsPerSecond: number;
  private stepCount = 0;
  /** Events raised while stepping; the session drains them. */
  readonly pending: SessionEvent[] = [];
  /** Lab orders whose results are not yet reported (and those reported, for the record). */
  private labOrders: LabOrder[] = [];
  private ecg12Pending: PendingEcg12[] = [];

  /**
   * Each PatientModel settles at rest before its clock starts (like Pulse's stabilisation), so patient
   * time and ward time are the same clock from t = 0.
   */
  constructor(plan: WardPlan) {
    this.plan = plan;
    this.stepsPerSecond = Math.round(1 / PHYSIOLOGY_DT_S);
    if (Math.abs(this.stepsPerSecond * PHYSIOLOGY_DT_S - 1) > 1e-9) {
      throw new Error(`PHYSIOLOGY_DT_S (${PHYSIOLOGY_DT_S}) must divide one second exactly`);
    }
    this.beds = plan.beds.map((b) => new Bed(b));
  }

  get simTimeS(): number {
    return this.stepCount * this.dtS;
  }

  /** Fixed steps taken since t = 0 (the exact position a session journal records commands at). */
  get steps(): number {
    return this.stepCount;
  }

  bed(bedId: string): Bed {
    const b = this.beds.find((x) => x.bedId === bedId);
    if (!b) {
      const known = this.beds.map((x) => x.bedId).join(', ');
      throw new Error(`No bed '${bedId}' in ward '${this.plan.wardId}'. Beds: ${known}`);
    }
    return b;
  }

  /**
   * Advance one fixed step for every bed. Returns true when the step closed a whole simulated second
   * (the 1 Hz numerics boundary).
   */
  step(): boolean {
    this.stepCount++;
    const t = this.simTimeS;
    const beds = this.beds;
    for (let i = 0; i < beds.length; i++) beds[i].step(t);
    if (this.ecg12Pending.length) this.captureEcg12(t);
    const onSecond = this.stepCount % this.stepsPerSecond === 0;
    if (onSecond) this.collectEvents();
    return onSecond;
  }

  /** Draw a lab sample now; the result is reported after the panel's turnaround. */
  orderLab(bedId: string, panelId: string): LabOrder {
    const bed = this.bed(bedId);
    findPanel(panelId);
    const pt = bed.patient;
    const conditions = pt.activeConditions().map((c) => ({
      kind: c.spec.kind,
      effective: (c.spec.severity ?? 0.5) * ((c.spec.rampS ?? 0) > 0 ? Math.min(1, Math.max(0, (pt.timeS - c.startedS) / (c.spec.rampS as number))) : 1),
    }));
    const order = drawSample(`lab-${this.labOrders.length + 1}`, bedId, panelId, this.simTimeS, pt.state, { conditions, comorbidities: pt.profile.comorbidities });
    this.labOrders.push(order);
    if (panelId === 'ecg_12_lead') {
      const capture = Ecg12Capture.start(this.simTimeS, bed.monitor.sched, bed.monitor.ecg.vfOnsetS);
      this.ecg12Pending.push({ orderId: order.orderId, bedId, capture });
      // Only the new capture takes this instant: the others already took it in the last step(), and a
      // second segment at the same time would advance their AF/VF oscillators once more.
      capture.step(bed.monitor.sched, this.simTimeS, bed.deviceInput.rhythm, bed.deviceInput.rrBpm);
    }
    this.pending.push({ type: 'lab', simTimeS: this.simTimeS, bedId, orderId: order.orderId, panel: panelId, change: 'ordered', dueS: order.dueS, results: [] });
    return order;
  }

  /** The recorded 12-lead ECG of an order (an error naming what is wrong when there is none yet). */
  ecg12Recording(bedId: string, orderId: string): Ecg12Recording {
    const o = this.labOrders.find((x) => x.orderId === orderId && x.bedId === bedId);
    if (!o) throw new Error(`No order '${orderId}' on bed '${bedId}'`);
    if (o.panel !== 'ecg_12_lead') throw new Error(`Order '${orderId}' is a ${o.panel} order, not a 12-lead ECG`);
    if (!o.ecg12 || !o.reported) throw new Error(`The 12-lead ECG '${orderId}' is still recording (due at ${o.dueS} s simulated time)`);
    return o.ecg12;
  }

  /** Feed the recording 12-leads the beats their monitors planned this step; render the finished ones. */
  private captureEcg12(t: number): void {
    for (const p of this.ecg12Pending) {
      const bed = this.bed(p.bedId);
      p.capture.step(bed.monitor.sched, t, bed.deviceInput.rhythm, bed.deviceInput.rrBpm);
    }
  }

  private finishEcg12(t: number): void {
    const left: PendingEcg12[] = [];
    for (const p of this.ecg12Pending) {
      if (!p.capture.complete(t)) {
        left.push(p);
        continue;
      }
      const bed = this.bed(p.bedId);
      const order = this.labOrders.find((o) => o.orderId === p.orderId);
      if (!order) continue;
      const rec = renderEcg12(p.capture, {
        // the patient's axis is the patient's (same on every ECG); noise and beat variation the recording's own
        patientSeed: (bed.plan.seed ^ 0x0ec912) >>> 0,
        seed: (bed.plan.seed ^ hashString32(`${p.bedId}/${p.orderId}`)) >>> 0,
        territory: this.stTerritory(bed.patient.activeConditions()),
        noise: bed.monitor.ecgNoise(),
        noiseFloor: bed.monitor.ecg.noise.floorOn,
      });
      order.ecg12 = rec;
      order.report = ecg12Report(rec);
    }
    this.ecg12Pending = left;
  }

  /** The culprit territory of the worst running STEMI (the one that sets the ST elevation). */
  private stTerritory(conds: { spec: { kind: string; severity?: number; params?: Record<string, number | string> } }[]): StemiTerritory {
    let best: StemiTerritory = DEFAULT_STEMI_TERRITORY;
    let sev = -1;
    for (const c of conds) {
      if (c.spec.kind !== 'stemi' || (c.spec.severity ?? 0.5) <= sev) continue;
      sev = c.spec.severity ?? 0.5;
      best = stemiTerritory(c.spec.params) ?? DEFAULT_STEMI_TERRITORY;
    }
    return best;
  }

  /** Move episode and alarm changes from the models onto the event list (once a simulated second). */
  collectEvents(): void {
    const t = this.simTimeS;
    if (this.ecg12Pending.length) this.finishEcg12(t);
    for (const o of this.labOrders) {
      if (o.reported || o.dueS > t + 1e-9) continue;
      o.reported = true;
      this.pending.push({ type: 'lab', simTimeS: t, bedId: o.bedId, orderId: o.orderId, panel: o.panel, change: 'resulted', dueS: o.dueS, results: o.results.map((r) => ({ ...r })), ...(o.report !== undefined ? { report: o.report } : {}) });
    }
    for (const bed of this.beds) {
      for (const ch of bed.patient.drainEpisodeChanges()) {
        this.pending.push({ type: 'episode', simTimeS: t, bedId: bed.bedId, change: ch.type, episode: { ...ch.episode } });
      }
      for (const ev of bed.monitor.drainAlarmEvents()) {
        this.pending.push({ type: 'alarm', simTimeS: ev.timeS, bedId: bed.bedId, change: ev.type, alarm: { ...ev.alarm } });
      }
      if (bed.scenario) {
        for (const ev of bed.scenario.drainEvents()) {
          this.pending.push({ type: 'scenario', simTimeS: ev.timeS + bed.plan.startOffsetS, bedId: bed.bedId, kind: ev.kind, text: ev.text, data: ev.data });
        }
      }
    }
  }

  setEnabledChannels(bedId: string, ids: readonly ChannelId[]): void {
    this.bed(bedId).setEnabledChannels(ids);
  }

  snapshot(): WardSnapshot {
    return {
      stepCount: this.stepCount,
      beds: this.beds.map((b) => b.snapshot()),
      labOrders: this.labOrders.map((o) => ({ ...o, results: o.results.map((r) => ({ ...r })) })),
      ecg12Captures: this.ecg12Pending.map((p) => ({ orderId: p.orderId, bedId: p.bedId, state: structuredCloneState(p.capture.s) })),
    };
  }

  restore(s: WardSnapshot): void {
    if (s.beds.length !== this.beds.length) {
      throw new Error(`Snapshot has ${s.beds.length} beds but the ward has ${this.beds.length}`);
    }
    this.stepCount = s.stepCount;
    s.beds.forEach((bs, i) => {
      if (bs.bedId !== this.beds[i].bedId) {
        throw new Error(`Snapshot bed ${i} is '${bs.bedId}' but the ward's is '${this.beds[i].bedId}'`);
      }
      this.beds[i].restore(bs);
    });
    this.labOrders = (s.labOrders ?? []).map((o) => ({ ...o, results: o.results.map((r) => ({ ...r })) }));
    this.ecg12Pending = (s.ecg12Captures ?? []).map((p) => ({ orderId: p.orderId, bedId: p.bedId, capture: new Ecg12Capture(structuredCloneState(p.state)) }));
    this.pending.length = 0;
  }
}

function structuredCloneState(s: Ecg12CaptureState): Ecg12CaptureState {
  return { ...s, beats: [...s.beats], atrial: [...s.atrial], segT: [...s.segT], segRhythm: [...s.segRhythm], segFlutterHz: [...s.segFlutterHz], segRespBpm: [...s.segRespBpm] };
}

/**
 * What the cart prints above the tracing: the ventricular rate it measured. No interpretation: reading
 * the ECG is the learner's task.
 */
function ecg12Report(rec: Ecg12Recording): string {
  const rate = rec.ventricularRateBpm === null ? 'no regular QRS complexes measured' : `ventricular rate ${rec.ventricularRateBpm}/min`;
  return `12-lead ECG, 10 s at ${rec.fs} Hz: ${rate}. Open the tracing to read it.`;
}
