/**
 * Skin colour of a patient figure: the Monk skin-tone swatch of the patient's profile
 * (docs/REFERENCES.md#monk-skin-tone), blanched by pallor and turned blue-grey by cyanosis. How pale or
 * blue is the engine's visible signs (twin-engine/physiology/visible-signs.ts: 0..1 each), computed from
 * the physiology for every role — this file only paints it. On dark skin both show as an ashen,
 * greyer tone rather than as "white" or "blue", which is how they look.
 */
import { Color, type HSL } from 'three';

/** Monk Skin Tone scale swatches, tones 1..10. */
const MONK_HEX = ['#f6ede4', '#f3e7db', '#f7ead0', '#eadaba', '#d7bd96', '#a07e56', '#825c43', '#604134', '#3a312a', '#292420'];
/** Hue of cyanosed skin (blue-violet), as a fraction of the colour wheel. */
const CYAN_HUE = 0.64;

const hsl: HSL = { h: 0, s: 0, l: 0 };
const target = new Color();

export function baseSkin(monk: number, out: Color): Color {
  const i = Math.min(10, Math.max(1, Math.round(monk))) - 1;
  return out.set(MONK_HEX[i]);
}

/** Mix the base tone into `out`: pallor and cyanosis 0..1 (no allocation; called once a second per bed). */
export function applyClinicalTint(out: Color, base: Color, pallor: number, cyanosis: number): void {
  out.copy(base);
  base.getHSL(hsl);
  // Pallor: the red of skin blood drains — less saturated, lighter on light skin, greyer on dark.
  target.setHSL(hsl.h, hsl.s * 0.2, Math.min(0.9, hsl.l + 0.1));
  out.lerp(target, 0.85 * Math.min(1, Math.max(0, pallor)));
  // Cyanosis: blue-grey at the skin's own lightness (a little darker).
  target.setHSL(CYAN_HUE, 0.45, Math.max(0.16, hsl.l * 0.72));
  out.lerp(target, 0.8 * Math.min(1, Math.max(0, cyanosis)));
}
