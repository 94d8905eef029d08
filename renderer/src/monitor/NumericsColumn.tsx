/**
 * The monitor's numerics with units, the bed's alarm limits in force and trend arrows, written into DOM
 * nodes by a rAF loop (refs), so the 1 Hz numerics never re-render React. A numeric that alarms is
 * highlighted in its alarm's colour by the same loop.
 */
import { useEffect, useRef } from 'react';
import { DEFAULT_ADULT_LIMITS, type AlarmLimits, type AlarmPriority, type MonitorNumerics } from '../../../twin-engine/devices/index';
import { alarmingTiles, type TileKey } from './alarm-tiles';
import { live } from '../live/live-store';
import type { TrendKey, TrendRing } from '../live/trend-ring';
import { formatClock } from '../ui/format';
import { useUi } from '../state/store';

interface Tile {
  key: TileKey;
  label: string;
  unit: string;
  color: string;
  limits(l: AlarmLimits): string;
  value(m: MonitorNumerics): string;
  trend?: TrendKey;
}

const fmt = (v: number | null, digits = 0) => (v === null || !Number.isFinite(v) ? '--' : v.toFixed(digits));

export const TILES: Tile[] = [
  { key: 'hr', label: 'HR', unit: '/min', color: '#33ff66', limits: (L) => `${L.hrLow}–${L.hrHigh}`, value: (m) => fmt(m.hrBpm), trend: 'hr' },
  { key: 'spo2', label: 'SpO₂', unit: '%', color: '#40d0ff', limits: (L) => `>${L.spo2Low}`, value: (m) => fmt(m.spo2Pct), trend: 'spo2' },
  { key: 'art', label: 'ART', unit: 'mmHg', color: '#ff6060', limits: (L) => `MAP ${L.mapLow}–${L.mapHigh}`, value: (m) => `${fmt(m.artSysMmHg)}/${fmt(m.artDiaMmHg)} (${fmt(m.artMeanMmHg)})`, trend: 'map' },
  { key: 'nibp', label: 'NIBP', unit: 'mmHg', color: '#ff9a9a', limits: (L) => `SYS ${L.sysLow}–${L.sysHigh}`, value: (m) => `${fmt(m.nibpSysMmHg)}/${fmt(m.nibpDiaMmHg)} (${fmt(m.nibpMeanMmHg)})` },
  { key: 'rr', label: 'RR', unit: '/min', color: '#f2f2f2', limits: (L) => `${L.rrLow}–${L.rrHigh}`, value: (m) => fmt(m.rrBpm), trend: 'rr' },
  { key: 'etco2', label: 'EtCO₂', unit: 'mmHg', color: '#f0f040', limits: (L) => `${L.etco2Low}–${L.etco2High}`, value: (m) => fmt(m.etco2MmHg), trend: 'etco2' },
  { key: 'temp', label: 'Temp', unit: '°C', color: '#e0b0ff', limits: (L) => `${L.tempLow}–${L.tempHigh}`, value: (m) => fmt(m.tempC, 1), trend: 'temp' },
];

/** Trend arrow from the change over the last 5 minutes. */
export function arrow(ring: TrendRing | undefined, k: TrendKey | undefined): string {
  if (!ring || !k || ring.length < 30) return '';
  const now = ring.v[k][ring.index(ring.length - 1)];
  const then = ring.valueAgo(k, 300);
  const base = Number.isFinite(then) ? then : ring.v[k][ring.index(0)];
  if (!Number.isFinite(now) || !Number.isFinite(base)) return '';
  const rel = (now - base) / Math.max(1, Math.abs(base));
  return rel > 0.05 ? '↑' : rel < -0.05 ? '↓' : '→';
}

export function NumericsColumn({ bedId, compact = false }: { bedId: string; compact?: boolean }) {
  const refs = useRef(new Map<string, HTMLSpanElement>());
  const arrows = useRef(new Map<string, HTMLSpanElement>());
  const nibpAge = useRef<HTMLSpanElement>(null);
  const tiles = useRef(new Map<string, HTMLDivElement>());
  const session = useUi((st) => st.session);
  // Limits change at human pace (a user sets them): from the store, not per frame.
  const limits = useUi((st) => st.alarmLimits[bedId]) ?? DEFAULT_ADULT_LIMITS;
  useEffect(() => {
    let raf = 0;
    // This bed's frame (1 Hz), not the store's version, which moves with every bed's frame (24 a second).
    let last: unknown = null;
    const hot = new Map<TileKey, AlarmPriority>();
    const loop = () => {
      raf = requestAnimationFrame(loop);
      const f = live.numerics.get(bedId);
      if (f === last) return;
      last = f;
      alarmingTiles(f?.alarms ?? [], hot);
      for (const t of TILES) {
        const tile = tiles.current.get(t.key);
        const p = hot.get(t.key);
        const cls = p ? `tile alarming ${p}` : 'tile';
        if (tile && tile.className !== cls) tile.className = cls;
        const el = refs.current.get(t.key);
        if (el) el.textContent = f ? t.value(f.measured) : '--';
        const ar = arrows.current.get(t.key);
        if (ar) ar.textContent = arrow(live.trends.get(bedId), t.trend);
      }
      if (nibpAge.current) {
        const at = f?.measured.nibpTimeS;
        nibpAge.current.textContent = at == null ? 'no reading yet' : `at ${formatClock(at)}`;
      }
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [bedId]);
  return (
    <div className={`numerics${compact ? ' compact' : ''}`}>
      {TILES.map((t) => (
        <div className="tile" key={t.key} style={{ color: t.color }} data-testid={`tile-${t.key}`} ref={(el) => void (el ? tiles.current.set(t.key, el) : tiles.current.delete(t.key))}>
          <div className="tile-label">
            {t.label} <span className="unit">{t.unit}</span>
            <span className="limits" title="Alarm limits in force for this patient" data-testid={`limits-${t.key}`}>
              {t.limits(limits)}
            </span>
          </div>
          <div className="tile-value">
            <span data-testid={`num-${t.key}`} ref={(el) => void (el ? refs.current.set(t.key, el) : refs.current.delete(t.key))}>
              --
            </span>
            <span className="trend" aria-label="trend" ref={(el) => void (el ? arrows.current.set(t.key, el) : arrows.current.delete(t.key))} />
          </div>
          {t.key === 'nibp' && (
            <div className="nibp-row">
              <span className="unit" ref={nibpAge} data-testid="nibp-age" />
              <button
                className="small"
                data-testid="start-nibp"
                disabled={!session}
                title="Start a cuff measurement now (it takes about 30 s); otherwise the cuff cycles every 15 min"
                onClick={() => void session?.startNibp(bedId)}
              >
                Start NIBP
              </button>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
