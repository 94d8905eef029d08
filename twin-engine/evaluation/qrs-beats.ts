/**
 * Beat-by-beat matching of detected QRS times to reference R times (AAMI EC57 style: a detection within
 * ±tolerance of a reference beat matches it, each used once, the nearest first). Sensitivity = TP / (TP + FN),
 * positive predictivity = TP / (TP + FP). SIMULATION ONLY.
 */
export interface BeatMatch {
  tp: number;
  fn: number;
  fp: number;
}

/** Both lists in seconds, ascending. Greedy in reference order, each reference taking the nearest unused detection. */
export function matchBeats(reference: readonly number[], detected: readonly number[], toleranceS: number): BeatMatch {
  const used = new Uint8Array(detected.length);
  let tp = 0;
  let j0 = 0;
  for (const t of reference) {
    while (j0 < detected.length && detected[j0] < t - toleranceS) j0++;
    let best = -1;
    for (let j = j0; j < detected.length && detected[j] <= t + toleranceS; j++) {
      if (!used[j] && (best < 0 || Math.abs(detected[j] - t) < Math.abs(detected[best] - t))) best = j;
    }
    if (best >= 0) {
      used[best] = 1;
      tp++;
    }
  }
  return { tp, fn: reference.length - tp, fp: detected.length - tp };
}
