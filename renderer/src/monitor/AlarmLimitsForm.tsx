/**
 * The bed's alarm limits, for the instructor and the learner: the limits in force, the patient's
 * defaults (SpO2 88 % for a scale-2 patient), checked as the user types against the one table of ranges
 * the engine also enforces (devices/alarms.ts), and applied with the session's setAlarmLimits.
 */
import { useState } from 'react';
import { ALARM_LIMIT_RANGES, alarmLimitProblems, defaultAlarmLimits, spo2ScaleFor, type AlarmLimits } from '../../../twin-engine/devices/index';
import type { BedInfo } from '../../../twin-engine/session/api';
import { useUi } from '../state/store';
import { useCommand } from '../ui/forms';

const KEYS = Object.keys(ALARM_LIMIT_RANGES) as (keyof AlarmLimits)[];

export function AlarmLimitsForm({ bed, onClose }: { bed: BedInfo; onClose(): void }) {
  const inForce = useUi((s) => s.alarmLimits[bed.bedId]) ?? bed.alarmLimits;
  const scale = spo2ScaleFor(bed.profile.comorbidities);
  const defaults = defaultAlarmLimits({ spo2Scale: scale });
  // Text as typed, so a half-typed number is not rewritten under the cursor.
  const [text, setText] = useState<Record<string, string>>(() => Object.fromEntries(KEYS.map((k) => [k, String(inForce[k])])));
  const c = useCommand();
  const change: Record<string, number> = {};
  for (const k of KEYS) {
    const t = text[k].trim();
    const v = t === '' ? Number.NaN : Number(t);
    if (!(v === inForce[k])) change[k] = v;
  }
  const problems = alarmLimitProblems(inForce, change);
  const changed = Object.keys(change).length;
  const apply = () =>
    c.run(`Alarm limits of ${bed.label} changed`, async () => {
      const s = useUi.getState().session;
      if (!s) return;
      const now = await s.setAlarmLimits(bed.bedId, change as Partial<AlarmLimits>);
      useUi.getState().setBedLimits(bed.bedId, now);
      setText(Object.fromEntries(KEYS.map((k) => [k, String(now[k])])));
    });
  return (
    <form
      className="form alarm-limits"
      aria-label={`Alarm limits of ${bed.label}`}
      data-testid="alarm-limits-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0 && changed > 0) void apply();
      }}
    >
      <h4>Alarm limits · {bed.label}</h4>
      <p className="hint">
        SpO₂ scale {scale}
        {scale === 2 ? ' (COPD: target 88–92 %, so the low limit defaults to 88 %)' : ' (target 94–98 %)'}. Values outside a range are refused.
      </p>
      <div className="limits-grid">
        {KEYS.map((k) => {
          const r = ALARM_LIMIT_RANGES[k];
          const id = `lim-${bed.bedId}-${k}`;
          return (
            <div className="field" key={k}>
              <label htmlFor={id}>
                {r.label} <span className="unit">{r.unit}</span>
              </label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                step={r.step}
                value={text[k]}
                aria-invalid={problems.some((p) => p.startsWith(r.label))}
                onChange={(e) => setText((t) => ({ ...t, [k]: e.target.value }))}
                data-testid={`limit-${k}`}
              />
              <span className="hint">
                {r.min}–{r.max}
                {defaults[k] !== inForce[k] ? ` · default ${defaults[k]}` : ''}
              </span>
            </div>
          );
        })}
      </div>
      {problems.length > 0 && (
        <ul className="form-error" role="alert" data-testid="limits-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={c.busy || problems.length > 0 || changed === 0} data-testid="limits-apply">
          Apply {changed > 0 ? `(${changed} changed)` : ''}
        </button>
        <button type="button" onClick={() => setText(Object.fromEntries(KEYS.map((k) => [k, String(defaults[k])])))} data-testid="limits-defaults">
          Patient defaults
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {c.error ? (
        <p className="form-error" role="alert">
          {c.error}
        </p>
      ) : c.done ? (
        <p className="form-ok" role="status">
          {c.done}
        </p>
      ) : null}
    </form>
  );
}
