/**
 * Skin colour of a patient figure from the Monk skin-tone scale, shifted towards pallor with poor
 * perfusion and towards blue with desaturation (central cyanosis appears at roughly 5 g/dL
 * deoxygenated haemoglobin, i.e. SaO2 ≈ 80–85 % at normal Hb; Lundsgaard & Van Slyke 1923).
 */
import { Color } from 'three';

/** Monk Skin Tone scale swatches (Monk 2019, Google MST orbs), tones 1..10. */
const MONK_HEX = ['#f6ede4', '#f3e7db', '#f7ead0', '#eadaba', '#d7bd96', '#a07e56', '#825c43', '#604134', '#3a312a', '#292420'];
const PALLOR = new Color('#d9d4cf');
const CYANOSIS = new Color('#5b6fa8');

export function baseSkin(monk: number, out: Color): Color {
  const i = Math.min(10, Math.max(1, Math.round(monk))) - 1;
  return out.set(MONK_HEX[i]);
}

/** Mix the base tone in place; perfusion 0..1 (1 normal), sao2 in %. */
export function applyClinicalTint(out: Color, base: Color, perfusion: number, sao2Pct: number): void {
  out.copy(base);
  const pallor = Math.min(0.6, Math.max(0, (0.85 - perfusion) * 1.2));
  out.lerp(PALLOR, pallor);
  const cyan = Math.min(0.65, Math.max(0, (88 - sao2Pct) / 25));
  out.lerp(CYANOSIS, cyan);
}
