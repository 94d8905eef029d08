import { it } from 'vitest';
import { recordRun, MODULES } from '../tests/modules/helpers';
it('smoke', async () => {
  const t0 = performance.now();
  const r = await recordRun('scenarios/pe-massive.yaml', 7, 900, [
    { kind: 'file', path: `${MODULES}/examples/spo2-rule-js` },
    { kind: 'file', path: `${MODULES}/examples/spo2-rule-onnx` },
    { kind: 'file', path: `${MODULES}/examples/spo2-rule-python` },
  ]);
  console.log(performance.now() - t0, r.findings, r.host.list(), r.events.filter(e => e.type === 'module'));
  const spo2 = r.frames.map(f => f.measured.spo2Pct);
  console.log(spo2.filter((_, i) => i % 30 === 0).join(' '));
}, 120000);
