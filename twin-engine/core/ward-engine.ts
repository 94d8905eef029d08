/**
 * The ward: every bed stepped in lock-step at the physiology's fixed step. The engine owns simulated
 * time (an integer step count, so time never drifts); hosts decide how fast to call it.
 */
import { PHYSIOLOGY_DT_S } from '../physiology/index';
import type { ChannelId } from '../devices/index';
import type { SessionEvent } from '../shared/session-data';
import { Bed, type BedPlan, type BedSnapshot } from './bed';
import { drawSample, findPanel, type LabOrder } from './labs';

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
    this.pending.push({ type: 'lab', simTimeS: this.simTimeS, bedId, orderId: order.orderId, panel: panelId, change: 'ordered', dueS: order.dueS, results: [] });
    return order;
  }

  /** Move episode and alarm changes from the models onto the event list (once a simulated second). */
  collectEvents(): void {
    const t = this.simTimeS;
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
    return { stepCount: this.stepCount, beds: this.beds.map((b) => b.snapshot()), labOrders: this.labOrders.map((o) => ({ ...o, results: o.results.map((r) => ({ ...r })) })) };
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
    this.pending.length = 0;
  }
}
