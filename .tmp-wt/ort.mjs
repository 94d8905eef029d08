import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
ort.env.wasm.numThreads = 1;
const s = await ort.InferenceSession.create(readFileSync('modules/onnx-hypoxemia/model.onnx'));
console.log(s.inputNames, s.outputNames);
for (const v of [[95,95,95,95,95,95,95,95,95,95],[90,90,90,90,90,90,90,90,90,90],[89,90,90,90,90,90,90,90,90,90],[80,80,80,80,80,80,80,80,80,80]]) {
  const r = await s.run({ spo2_window: new ort.Tensor('float32', Float32Array.from(v), [1,10]) });
  console.log(r.score.data);
}
