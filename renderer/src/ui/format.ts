/** Small formatting helpers shared by the views. */
import type { BedInfo } from '../../../twin-engine/session/api';
import type { Role } from '../state/visibility';

export function formatClock(t: number): string {
  const s = Math.max(0, Math.floor(t));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "1 bed", "8 beds": a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const humanize = (id: string) => id.replace(/_/g, ' ');

/** What a bed's header says: students see the patient, not the scenario's (diagnostic) title. */
export function bedSubtitle(bed: BedInfo, role: Role): string {
  const p = bed.profile;
  const who = `${p.ageY} y ${p.sex}, ${p.weightKg} kg${p.comorbidities.length ? ` · ${p.comorbidities.map(humanize).join(', ')}` : ''}`;
  if (role === 'student') return who;
  return `${bed.scenarioTitle ?? 'stable patient'} · ${who}`;
}
