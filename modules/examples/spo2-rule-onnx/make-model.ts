/**
 * Builds modules/examples/spo2-rule-onnx/model.onnx: score = clip((92 − mean(SpO2 over 10 s)) / 4, 0, 1).
 * The score reaches 0.5 exactly when the 10-s mean SpO2 is 90 % (the manifest's threshold), the same
 * rule as spo2-rule-js and spo2-rule-python. Run: npx tsx modules/examples/spo2-rule-onnx/make-model.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { model, node, tensor, valueInfo } from '../../tools/onnx-proto';

export function buildHypoxemiaModel(): Uint8Array {
  return model({
    graphName: 'hypoxemia_rule',
    producer: 'wardtwin make-model.ts',
    opset: 13,
    inputs: [valueInfo('spo2_window', [1, 10])],
    outputs: [valueInfo('score', [1])],
    initializers: [tensor('c92', [1], [92]), tensor('c4', [1], [4]), tensor('lo', [], [0]), tensor('hi', [], [1])],
    nodes: [
      node('ReduceMean', ['spo2_window'], ['mean'], 'mean10s', [{ name: 'axes', ints: [1] }, { name: 'keepdims', i: 0 }]),
      node('Sub', ['c92', 'mean'], ['d'], 'below92'),
      node('Div', ['d', 'c4'], ['s'], 'scale'),
      node('Clip', ['s', 'lo', 'hi'], ['score'], 'clip01'),
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = new URL('./model.onnx', import.meta.url);
  writeFileSync(out, buildHypoxemiaModel());
  console.log(`wrote ${fileURLToPath(out)}`);
}
