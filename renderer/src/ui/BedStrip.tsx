/**
 * The ward's beds as buttons (keyboard route to what the 3D canvas does with the mouse), each with its
 * highest alarm as a coloured marker. Alarm states are polled twice a second.
 */
import { useEffect, useState } from 'react';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { ALARM_COLORS } from './alarm-colors';

type Top = 'high' | 'medium' | 'low' | null;

export function BedStrip() {
  const ward = useUi((s) => s.ward);
  const selected = useUi((s) => s.selectedBedId);
  const selectBed = useUi((s) => s.selectBed);
  const [tops, setTops] = useState<Record<string, Top>>({});
  useEffect(() => {
    const id = setInterval(() => {
      const next: Record<string, Top> = {};
      for (const [bed, f] of live.numerics) {
        const a = f.alarms;
        next[bed] = a.some((x) => x.priority === 'high') ? 'high' : a.some((x) => x.priority === 'medium') ? 'medium' : a.length ? 'low' : null;
      }
      setTops((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    }, 500);
    return () => clearInterval(id);
  }, []);
  if (!ward) return null;
  return (
    <nav className="bed-strip" aria-label="Beds">
      {ward.beds.map((b) => {
        const top = tops[b.bedId] ?? null;
        return (
          <button
            key={b.bedId}
            aria-pressed={b.bedId === selected}
            className={b.bedId === selected ? 'on' : ''}
            onClick={() => selectBed(b.bedId)}
            data-testid={`bed-button-${b.bedId}`}
            aria-label={`${b.label}${top ? `, ${top} priority alarm` : ''}`}
          >
            {top ? <span className="dot" style={{ background: ALARM_COLORS[top] }} aria-hidden /> : null}
            {b.label}
          </button>
        );
      })}
    </nav>
  );
}
