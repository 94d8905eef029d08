/**
 * The central station: every bed's key numbers (HR, SpO2, BP, RR, temperature) and active alarms on
 * one screen, as a ward's nurses' station shows them. Clicking a bed opens its bedside monitor.
 * The cards are React elements made once per ward; the 1 Hz values and alarm chips are written into
 * their DOM nodes by one rAF loop (at most four times a second), so numerics never re-render React.
 */
import { useEffect, useRef } from 'react';
import type { AlarmLimits, AlarmPriority, MonitorAlarm, MonitorNumerics } from '../../../twin-engine/devices/index';
import type { BedInfo } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { alarmTile, topPriority, type TileKey } from '../monitor/alarm-tiles';
import { useUi } from '../state/store';
import { ALARM_COLORS, alarmChipText } from '../ui/alarm-colors';
import { bedSubtitle, plural } from '../ui/format';
import { acknowledgeAlarms, unacknowledged } from './acknowledge';

type Key = 'hr' | 'spo2' | 'bp' | 'rr' | 'temp';

interface Col {
  key: Key;
  label: string;
  unit: string;
  color: string;
  value(m: MonitorNumerics): string;
  limits(l: AlarmLimits | undefined): string;
}

const f0 = (v: number | null) => (v === null || !Number.isFinite(v) ? '--' : String(Math.round(v)));

const COLS: Col[] = [
  { key: 'hr', label: 'HR', unit: '/min', color: '#33ff66', value: (m) => f0(m.hrBpm), limits: (l) => (l ? `${l.hrLow}–${l.hrHigh}` : '') },
  { key: 'spo2', label: 'SpO₂', unit: '%', color: '#40d0ff', value: (m) => f0(m.spo2Pct), limits: (l) => (l ? `>${l.spo2Low}` : '') },
  {
    key: 'bp',
    label: 'BP',
    unit: 'mmHg',
    color: '#ff6060',
    // The arterial line when the bed has one, else the last cuff reading.
    value: (m) => (m.artSysMmHg !== null ? `${f0(m.artSysMmHg)}/${f0(m.artDiaMmHg)}` : m.nibpSysMmHg !== null ? `${f0(m.nibpSysMmHg)}/${f0(m.nibpDiaMmHg)}` : '--/--'),
    limits: (l) => (l ? `sys ${l.sysLow}–${l.sysHigh}` : ''),
  },
  { key: 'rr', label: 'RR', unit: '/min', color: '#f2f2f2', value: (m) => f0(m.rrBpm), limits: (l) => (l ? `${l.rrLow}–${l.rrHigh}` : '') },
  { key: 'temp', label: 'Temp', unit: '°C', color: '#e0b0ff', value: (m) => (m.tempC === null || !Number.isFinite(m.tempC) ? '--' : m.tempC.toFixed(1)), limits: (l) => (l ? `${l.tempLow}–${l.tempHigh}` : '') },
];

const STATION_KEY: Partial<Record<TileKey, Key>> = { hr: 'hr', spo2: 'spo2', art: 'bp', nibp: 'bp', rr: 'rr', temp: 'temp' };
const RANK: Record<AlarmPriority, number> = { high: 3, medium: 2, low: 1 };
const UPDATE_MS = 250;

interface CardNodes {
  card: HTMLElement;
  values: Map<Key, HTMLElement>;
  cells: Map<Key, HTMLElement>;
  bpSrc: HTMLElement | null;
  alarms: HTMLElement | null;
  alarmSig: string;
}

function chip(a: MonitorAlarm): HTMLElement {
  const el = document.createElement('span');
  el.className = `alarm ${a.priority}${a.acknowledged ? ' acked' : ''}`;
  el.style.background = ALARM_COLORS[a.priority];
  el.textContent = alarmChipText(a);
  el.setAttribute('data-testid', 'station-alarm');
  el.setAttribute('data-alarm-id', a.id);
  return el;
}

function paint(n: CardNodes, measured: MonitorNumerics | undefined, alarms: readonly MonitorAlarm[]): void {
  const hot = new Map<Key, AlarmPriority>();
  for (const a of alarms) {
    const t = alarmTile(a);
    const k = t ? STATION_KEY[t] : undefined;
    if (k && (!hot.has(k) || RANK[a.priority] > RANK[hot.get(k)!])) hot.set(k, a.priority);
  }
  for (const c of COLS) {
    const v = n.values.get(c.key);
    const text = measured ? c.value(measured) : '--';
    if (v && v.textContent !== text) v.textContent = text;
    const cell = n.cells.get(c.key);
    const p = hot.get(c.key);
    const cls = `sn${p ? ` alarming ${p}` : ''}`;
    if (cell && cell.className !== cls) cell.className = cls;
  }
  if (n.bpSrc) {
    const src = !measured ? '' : measured.artSysMmHg !== null ? 'ART' : measured.nibpSysMmHg !== null ? 'NIBP' : '';
    if (n.bpSrc.textContent !== src) n.bpSrc.textContent = src;
  }
  const top = topPriority(alarms);
  const cardCls = `station-card${top ? ` top-${top}` : ''}`;
  if (n.card.className !== cardCls) n.card.className = cardCls;
  const sig = alarms.map((a) => `${a.id}|${a.message}|${a.acknowledged}|${a.active}`).join(';');
  if (n.alarms && sig !== n.alarmSig) {
    n.alarmSig = sig;
    n.alarms.replaceChildren(...(alarms.length ? alarms.map(chip) : [Object.assign(document.createElement('span'), { className: 'none', textContent: 'No alarms' })]));
  }
}

function Card({ bed, register }: { bed: BedInfo; register(bedId: string, n: CardNodes | null): void }) {
  const role = useUi((s) => s.role);
  const limits = useUi((s) => s.alarmLimits[bed.bedId]);
  const nodes = useRef<CardNodes>({ card: null as unknown as HTMLElement, values: new Map(), cells: new Map(), bpSrc: null, alarms: null, alarmSig: '' });
  useEffect(() => {
    register(bed.bedId, nodes.current);
    return () => register(bed.bedId, null);
  }, [bed.bedId, register]);
  const open = () => {
    useUi.getState().selectBed(bed.bedId);
    useUi.getState().setView('monitor');
  };
  return (
    <article
      className="station-card"
      ref={(el) => void (el && (nodes.current.card = el))}
      role="button"
      tabIndex={0}
      aria-label={`${bed.label}: open its bedside monitor`}
      onClick={open}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open())}
      data-testid={`station-bed-${bed.bedId}`}
    >
      <header>
        <strong>{bed.label}</strong> <span className="muted-on-dark">{bedSubtitle(bed, role)}</span>
      </header>
      <div className="station-nums">
        {COLS.map((c) => (
          <div className="sn" key={c.key} style={{ color: c.color }} ref={(el) => void (el ? nodes.current.cells.set(c.key, el) : nodes.current.cells.delete(c.key))}>
            <div className="sn-label">
              {c.label} {c.key === 'bp' ? <span className="unit" ref={(el) => void (nodes.current.bpSrc = el)} /> : null} <span className="unit">{c.unit}</span>
            </div>
            <div className="sn-value" data-testid={`station-${c.key}-${bed.bedId}`} ref={(el) => void (el ? nodes.current.values.set(c.key, el) : nodes.current.values.delete(c.key))}>
              --
            </div>
            <div className="sn-limits" title="Alarm limits in force">
              {c.limits(limits)}
            </div>
          </div>
        ))}
      </div>
      <div className="station-alarms" aria-live="off" data-testid={`station-alarms-${bed.bedId}`} ref={(el) => void (nodes.current.alarms = el)} />
    </article>
  );
}

export function CentralStation() {
  const ward = useUi((s) => s.ward);
  const cards = useRef(new Map<string, CardNodes>());
  const summary = useRef<HTMLSpanElement>(null);
  const ackAll = useRef<HTMLButtonElement>(null);
  const register = useRef((bedId: string, n: CardNodes | null) => void (n ? cards.current.set(bedId, n) : cards.current.delete(bedId))).current;
  useEffect(() => {
    let raf = 0;
    let lastVersion = -1;
    let lastAt = 0;
    const loop = (t: number) => {
      raf = requestAnimationFrame(loop);
      if (live.version === lastVersion || t - lastAt < UPDATE_MS) return;
      lastVersion = live.version;
      lastAt = t;
      let alarming = 0;
      let unacked = 0;
      for (const [bedId, n] of cards.current) {
        const f = live.numerics.get(bedId);
        const alarms = f?.alarms ?? [];
        if (alarms.length) alarming++;
        for (const a of alarms) if (!a.acknowledged) unacked++;
        paint(n, f?.measured, alarms);
      }
      if (summary.current) summary.current.textContent = alarming ? `${plural(alarming, 'bed')} alarming` : 'No bed alarming';
      const b = ackAll.current;
      if (b) {
        const text = `Acknowledge all beds (${unacked})`;
        if (b.textContent !== text) b.textContent = text;
        b.disabled = unacked === 0;
      }
    };
    if (ackAll.current) ackAll.current.disabled = true; // until the loop has counted
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);
  if (!ward) return <p className="muted">Starting the engine…</p>;
  return (
    <section className="station" aria-label="Central station" data-testid="central-station">
      <div className="station-head">
        <h2>Central station · {ward.title}</h2>
        <span className="station-summary" ref={summary} data-testid="station-summary" />
        {/* Every unacknowledged alarm of every bed, as shown at the click (one session acknowledgement each;
            an alarm raised since asks again). Enabled by the loop above on the DOM node only: a React
            \`disabled\` prop would make React drop the click even after the node is enabled. */}
        <button
          className="small"
          ref={ackAll}
          data-testid="station-ack-all"
          title="Acknowledge every alarm of every bed on the ward"
          onClick={() => void acknowledgeAlarms('Acknowledge all beds', unacknowledged(ward.beds.map((b) => b.bedId)))}
        >
          Acknowledge all beds (0)
        </button>
        <span className="hint">Click a bed to open its bedside monitor.</span>
      </div>
      <div className="station-grid">
        {ward.beds.map((b) => (
          <Card key={b.bedId} bed={b} register={register} />
        ))}
      </div>
    </section>
  );
}
