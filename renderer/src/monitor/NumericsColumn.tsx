/**
 * The monitor's numerics with units and trend arrows, written into DOM nodes by a rAF loop (refs), so
 * the 1 Hz numerics never re-render React.
 */
import { useEffect, useRef } from 'react';
import type { MonitorNumerics } from '../../../twin-engine/devices/index';
import type { NumericsFrame } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';

interface Tile {
  key: string;
  label: string;
  unit: string;
  color: string;
  value(m: MonitorNumerics): string;
  trendOf?(m: MonitorNumerics): number | null;
}

const fmt = (v: number | null, digits = 0) => (v === null || !Number.isFinite(v) ? '--' : v.toFixed(digits));

const TILES: Tile[] = [
  { key: 'hr', label: 'HR', unit: '/min', color: '#33ff66', value: (m) => fmt(m.hrBpm), trendOf: (m) => m.hrBpm },
  { key: 'spo2', label: 'SpO2', unit: '%', color: '#40d0ff', value: (m) => fmt(m.spo2Pct), trendOf: (m) => m.spo2Pct },
  { key: 'art', label: 'ART', unit: 'mmHg', color: '#ff5050', value: (m) => `${fmt(m.artSysMmHg)}/${fmt(m.artDiaMmHg)} (${fmt(m.artMeanMmHg)})`, trendOf: (m) => m.artMeanMmHg },
  { key: 'nibp', label: 'NIBP', unit: 'mmHg', color: '#ff9090', value: (m) => `${fmt(m.nibpSysMmHg)}/${fmt(m.nibpDiaMmHg)} (${fmt(m.nibpMeanMmHg)})` },
  { key: 'rr', label: 'RR', unit: '/min', color: '#ffffff', value: (m) => fmt(m.rrBpm), trendOf: (m) => m.rrBpm },
  { key: 'etco2', label: 'EtCO2', unit: 'mmHg', color: '#f0f040', value: (m) => fmt(m.etco2MmHg), trendOf: (m) => m.etco2MmHg },
  { key: 'temp', label: 'Temp', unit: '°C', color: '#e0b0ff', value: (m) => fmt(m.tempC, 1), trendOf: (m) => m.tempC },
];

/** Trend arrow from the change over the last 5 minutes of 1 Hz numerics. */
function arrow(trend: NumericsFrame[] | undefined, tile: Tile): string {
  if (!trend || !tile.trendOf || trend.length < 30) return '';
  const now = tile.trendOf(trend[trend.length - 1].measured);
  const then = tile.trendOf(trend[Math.max(0, trend.length - 300)].measured);
  if (now === null || then === null) return '';
  const rel = (now - then) / Math.max(1, Math.abs(then));
  return rel > 0.05 ? '↑' : rel < -0.05 ? '↓' : '→';
}

export function NumericsColumn({ bedId }: { bedId: string }) {
  const refs = useRef(new Map<string, HTMLSpanElement>());
  const arrows = useRef(new Map<string, HTMLSpanElement>());
  useEffect(() => {
    let raf = 0;
    let lastVersion = -1;
    const loop = () => {
      raf = requestAnimationFrame(loop);
      if (live.version === lastVersion) return;
      lastVersion = live.version;
      const f = live.numerics.get(bedId);
      for (const t of TILES) {
        const el = refs.current.get(t.key);
        if (el) el.textContent = f ? t.value(f.measured) : '--';
        const ar = arrows.current.get(t.key);
        if (ar) ar.textContent = arrow(live.trends.get(bedId), t);
      }
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [bedId]);
  return (
    <div className="numerics">
      {TILES.map((t) => (
        <div className="tile" key={t.key} style={{ color: t.color }}>
          <div className="tile-label">
            {t.label} <span className="unit">{t.unit}</span>
          </div>
          <div className="tile-value">
            <span data-testid={`num-${t.key}`} ref={(el) => void (el ? refs.current.set(t.key, el) : refs.current.delete(t.key))}>
              --
            </span>
            <span className="trend" ref={(el) => void (el ? arrows.current.set(t.key, el) : arrows.current.delete(t.key))} />
          </div>
        </div>
      ))}
    </div>
  );
}
