/**
 * Cardiovascular system: beat-averaged lumped-parameter circulation with four compliant compartments
 * (systemic arteries, systemic veins, pulmonary arteries, pulmonary veins + left atrium; layout after
 * Ursino 1998) and two ventricles described by their end-systolic (ESPVR) and end-diastolic (EDPVR)
 * pressure–volume relations (Suga & Sagawa 1974; Klotz 2006). Each ventricle ejects
 *   SV = (EDV(Pfill − Pit) − ESV(Pes)) · fill(HR) · rhythm factor
 * per beat, giving Frank–Starling preload dependence, contractility (Ees) and afterload (Pes).
 * The right atrial pressure (CVP) is solved from venous return (Psv − CVP)/Rvr = Q_RV (Guyton 1955)
 * with one Newton iteration per substep. Integration: forward Euler, SUBSTEPS per fast step
 * (h = 20 ms, well under the fastest compartment time constant ≈ 0.1 s).
 */
import { fillFraction } from './params';
import { clamp, type Ctx, type PhysiologySystem } from './model';
import { dlog } from '../util/detmath';

export const CV_SUBSTEPS = 5;
/** CPR produces ≈ 25–30 % of normal cardiac output (AHA ECC Guidelines 2020, Part 3; Rubertsson 1995). */
export const CPR_CO_FRACTION = 0.27;
/** Ees ↔ end-systolic pressure: Pes ≈ 0.9·SBP (Kelly 1992 Circulation 86:513). */
const PES_FRACTION = 0.9;

export const cardiovascular: PhysiologySystem = {
  name: 'cardiovascular',
  step(ctx: Ctx, dt: number): void {
    const { s, x, p, e } = ctx;
    // Heart rate from rhythm: sinus-driven rhythms scale the sinus rate, others have their own rate.
    const hr = x.rhythmSinusFactor > 0 ? x.hrSinusBpm * x.rhythmSinusFactor : x.rhythmRateBpm;
    const pumping = x.pumping > 0 && hr > 0;
    const fillRel = pumping ? fillFraction(hr) / p.fill0 : 0;
    const svFac = x.rhythmSvFactor;
    const ff = clamp(0.33 + 0.0012 * hr, 0.33, 0.5); // MAP form factor (Razminia 2004)

    // Effective parameters (autonomic × conditions × drugs).
    const eesL = p.eesL * x.contrAuto * e.contractilityMult;
    const eesR = p.eesR * (0.5 + 0.5 * x.contrAuto) * e.contractilityMult * e.rvContractilityMult;
    const kEdL = p.kEdL * e.lvStiffMult;
    const rSys = p.rSys * (1 + (x.svrAuto - 1) * e.svrReflexGain) * e.svrMult;
    const rP = p.rP * e.pvrMult;
    const v0Sv = p.v0Sv - x.venMobMl + e.venousCapMl;
    const pit = e.pitMmHg;
    const h = dt / CV_SUBSTEPS;

    let vSa = x.vSaMl;
    let vSv = x.vSvMl;
    let vPa = x.vPaMl;
    let vPv = x.vPvMl;
    let cvp = s.cvpMmHg;
    let svL = x.svLMl;
    let svR = x.svRMl;
    let edvL = x.edvLMl;
    let esvL = edvL - svL;
    let qL = 0;
    let qR = 0;
    const netIn = x.netVenousInMlPerS;
    for (let i = 0; i < CV_SUBSTEPS; i++) {
      // Systemic vessels below their unstressed volume collapse at ≈ zero transmural pressure (tube
      // law; Shapiro 1977 J Biomech Eng 99:126): no negative arterial or venous pressure.
      const psa = vSa > p.v0Sa ? (vSa - p.v0Sa) / p.cSa : 0;
      const psv = vSv > v0Sv ? (vSv - v0Sv) / p.cSv : 0;
      // The pulmonary artery collapses likewise when exsanguination empties it below its unstressed
      // volume: flow cannot run back from the pulmonary veins, and its pressure is not negative.
      const ppa = vPa > p.v0Pa ? (vPa - p.v0Pa) / p.cPa : 0;
      const ppv = (vPv - p.v0Pv) / p.cPv;
      if (pumping) {
        // Left ventricle.
        // Pulmonary veins and LV share the thorax, so ppv is already transmural; the aorta is
        // extrathoracic, so intrathoracic pressure unloads the LV (Pinsky 1997).
        let pedL = ppv;
        if (pedL < -0.9 * p.aEdL) pedL = -0.9 * p.aEdL;
        edvL = p.v0edL + dlog(1 + pedL / p.aEdL) / kEdL;
        const sbpPrev = psa + (1 - ff) * (svL / p.cPp) - pit;
        esvL = p.v0esL + (PES_FRACTION * sbpPrev) / eesL;
        svL = (edvL - esvL) * fillRel * svFac;
        if (svL < 0) svL = 0;
        qL = (hr * svL) / 60;
        // Right ventricle, CVP from venous return (one Newton step per substep).
        let pedR = cvp - pit;
        if (pedR < -0.9 * p.aEdR) pedR = -0.9 * p.aEdR;
        const edvR = p.v0edR + dlog(1 + pedR / p.aEdR) / p.kEdR;
        const paSysPrev = ppa + 0.6 * (svR / p.cPpPa);
        const esvR = p.v0esR + (PES_FRACTION * paSysPrev) / eesR;
        let svRc = (edvR - esvR) * fillRel * svFac;
        let g = 0;
        if (svRc > 0) g = ((hr / 60) * fillRel * svFac) / (p.kEdR * (p.aEdR + pedR));
        else svRc = 0;
        const qRc = (hr * svRc) / 60;
        // Great veins collapse when CVP < 0: venous return plateaus at Psv/Rvr (Guyton 1957).
        const gVr = cvp > 0 ? 1 / p.rVr : 0;
        const f = (psv - (cvp > 0 ? cvp : 0)) / p.rVr - qRc;
        const den = gVr + g;
        cvp = den > 1e-9 ? cvp + f / den : psv;
        if (cvp > psv) cvp = psv;
        if (cvp < -10) cvp = -10;
        qR = (psv - (cvp > 0 ? cvp : 0)) / p.rVr;
        if (qR < 0) qR = 0;
        svR = qR > 0 ? (60 * qR) / hr : 0;
      } else if (s.cprActive) {
        // Chest compressions: flow from both sides of the heart, limited by available filling.
        const q = CPR_CO_FRACTION * p.q0MlPerS;
        qR = q * clamp(psv / p.psv0, 0, 1.2);
        qL = q * clamp(ppv / p.pcwp0, 0, 1.2);
        cvp = psv - qR * p.rVr;
        svL = (qL * 60) / 110; // 100–120 compressions/min (AHA 2020)
        svR = (qR * 60) / 110;
      } else {
        qL = 0;
        qR = 0;
        svL = 0;
        svR = 0;
        cvp = psv;
      }
      const qSys = (psa - psv) / rSys;
      const qPul = (ppa - ppv) / rP;
      vSa += h * (qL - qSys);
      vSv += h * (qSys - qR + netIn);
      vPa += h * (qR - qPul);
      vPv += h * (qPul - qL);
      if (vSa < 1) vSa = 1;
      if (vSv < 1) vSv = 1;
      if (vPa < 1) vPa = 1;
      if (vPv < 1) vPv = 1;
    }
    x.vSaMl = vSa;
    x.vSvMl = vSv;
    x.vPaMl = vPa;
    x.vPvMl = vPv;
    x.svLMl = svL;
    x.svRMl = svR;
    x.edvLMl = edvL;

    const map = vSa > p.v0Sa ? (vSa - p.v0Sa) / p.cSa : 0;
    const ppa = vPa > p.v0Pa ? (vPa - p.v0Pa) / p.cPa : 0;
    // Pulse pressure from stroke volume and SV/PP compliance (Chemla 1998); CPR pulses are wider.
    const pp = s.cprActive && !pumping ? 30 * (qL / (CPR_CO_FRACTION * p.q0MlPerS)) : svL / p.cPp;
    const co = (qL * 60) / 1000;
    s.hrBpm = pumping ? hr : x.rhythmRateBpm;
    s.pulseRateBpm = pumping && svL > 8 ? hr : 0;
    s.svMl = pumping ? svL : 0;
    s.coLPerMin = co;
    s.mapMmHg = map;
    s.sbpMmHg = map + (1 - ff) * pp;
    s.dbpMmHg = map > ff * pp ? map - ff * pp : 0;
    s.cvpMmHg = cvp;
    // Intrathoracic pressures are reported against atmosphere (transmural + pleural).
    s.pcwpMmHg = (vPv - p.v0Pv) / p.cPv + pit;
    s.paMeanMmHg = ppa + pit;
    const ppPa = svR / p.cPpPa;
    s.paSysMmHg = s.paMeanMmHg + 0.6 * ppPa;
    // Like the systemic diastolic pressure: the collapsing vessel's transmural pressure does not go below 0.
    s.paDiaMmHg = (ppa > 0.4 * ppPa ? ppa - 0.4 * ppPa : 0) + pit;
    x.psvMmHg = vSv > v0Sv ? (vSv - v0Sv) / p.cSv : 0;
    s.efFraction = pumping && esvL + svL > 1 ? clamp(svL / (esvL + svL), 0, 0.9) : 0;
    s.svrDynSCmM5 = clamp((80 * (map - cvp)) / (co > 0.1 ? co : 0.1), 0, 20000);
    s.bloodVolumeMl = vSa + vSv + vPa + vPv;
  },
};
