/**
 * Consciousness: a 0..1 impairment index from cerebral O2 delivery (perfusion × arterial O2
 * content, CO2 vasoreactivity), CO2 narcosis, neuroglycopenia, opioid sedation, hypothermia,
 * severe acidosis and septic encephalopathy; mapped to GCS 3–15 and AVPU. Slow system (dt = 1 s).
 */
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dexp } from '../util/detmath';

/** Worsening is fast (loss of consciousness ≈ 10 s after circulatory arrest, Rossen 1943);
 *  recovery slower. */
const TAU_WORSE_S = 8;
const TAU_RECOVER_S = 60;

export const neuro: PhysiologySystem = {
  name: 'neuro',
  step(ctx: Ctx, dt: number): void {
    const { s, x, e } = ctx;
    // Cerebral blood flow: autoregulated above MAP ≈ 60, pressure-passive below (Lassen 1959);
    // +3 %/mmHg PaCO2 (Kety & Schmidt 1948).
    // Chest compressions give ≈ 15–30 % of normal cerebral flow whatever the arterial pressure
    // (Paradis 1989 Circulation 80:361): unconscious during CPR (Olaussen 2015 Resuscitation 94:117).
    // In low-flow shock the sympathetic discharge raises the lower autoregulation limit: cerebral flow
    // falls at a higher MAP in hemorrhagic than in drug-induced hypotension (Fitch 1975 Circ Res
    // 37:550); here the pressure-passive range widens from 20–60 to 20–90 mmHg as CO falls to 0.
    const lowFlow = clamp(1 - s.coLPerMin / ctx.p.co0LPerMin, 0, 1);
    const cbfPressure = clamp((s.mapMmHg - 20) / (40 + 30 * lowFlow), 0, 1);
    let cbf = cbfPressure * clamp(1 + 0.03 * (s.paco2MmHg - 40), 0.5, 2);
    if (x.pumping <= 0 && cbf > 0.2) cbf = 0.2;
    // Mild global hypoperfusion (CBF ≈ 60–95 % of normal) confuses before it obtunds: ATLS class III
    // (30–40 % loss, MAP ≈ 65–70) "anxious, confused", class IV "confused, lethargic"
    // (docs/REFERENCES.md#atls-hemorrhage-classes); the first 5 % of pressure-passive flow lost is
    // silent (class I–II), and so is the mild hypocapnic vasoconstriction of compensatory tachypnoea.
    const fPerf = clamp(Math.max((0.6 - cbf) / 0.4, (0.95 - cbfPressure) / 0.8), 0, 1);
    // Hypoxaemia: confusion below PaO2 ≈ 45, unconsciousness ≈ 25–30 mmHg (Gibson 1981; West);
    // severe anaemia (CaO2 < 8 mL/dL) adds impairment.
    const fO2 = clamp((45 - s.pao2MmHg) / 20, 0, 1) + 0.5 * clamp((8 - x.cao2MlDl) / 4, 0, 1);
    const fCo2 = clamp((s.paco2MmHg - 75) / 40, 0, 1); // CO2 narcosis > 75–100 mmHg (Westlake 1955)
    const fGlu = clamp((55 - s.glucoseMgDl) / 30, 0, 1); // neuroglycopenia < 55 mg/dL (Cryer 2013)
    const fOpi = 0.9 * e.opioid;
    const fTemp = clamp((33 - s.coreTempC) / 6, 0, 1); // impaired < 32–33 °C (Brown 2012 NEJM)
    const fAcid = 0.5 * clamp((7.15 - s.ph) / 0.3, 0, 1);
    const fSeps = clamp(e.gcsImpair, 0, 1);
    const keep =
      (1 - fPerf) * (1 - clamp(fO2, 0, 1)) * (1 - fCo2) * (1 - fGlu) * (1 - fOpi) * (1 - fTemp) * (1 - fAcid) * (1 - fSeps);
    const target = 1 - keep;
    const tau = target > x.neuroImpair ? TAU_WORSE_S : TAU_RECOVER_S;
    x.neuroImpair += (target - x.neuroImpair) * (1 - dexp(-dt / tau));
    const gcs = Math.round(15 - 12 * x.neuroImpair);
    s.gcs = gcs < 3 ? 3 : gcs > 15 ? 15 : gcs;
    // AVPU ↔ GCS (McNarry & Goldhill 2004 Anaesthesia: A≈15, V≈13, P≈8, U≈3; midpoints).
    s.avpu = s.gcs >= 14 ? 'A' : s.gcs >= 11 ? 'V' : s.gcs >= 6 ? 'P' : 'U';
  },
};
