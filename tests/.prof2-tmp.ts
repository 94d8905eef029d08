import { resolveNodeSource, createNodeModuleHost } from '../twin-engine/node/module-host';
import { jsWorkerRuntime } from '../twin-engine/node/module-runtimes';
for (let i = 0; i < 4; i++) {
  let c = process.cpuUsage(); let t = performance.now();
  const b = await resolveNodeSource({ kind: 'builtin', id: 'shock-index' });
  const c1 = process.cpuUsage(c); const t1 = performance.now() - t;
  c = process.cpuUsage(); t = performance.now();
  const sb = await jsWorkerRuntime().start(b);
  const c2 = process.cpuUsage(c); const t2 = performance.now() - t;
  c = process.cpuUsage(); t = performance.now();
  await sb.close();
  const c3 = process.cpuUsage(c); const t3 = performance.now() - t;
  console.log(`resolve wall ${t1.toFixed(0)} cpu ${((c1.user + c1.system) / 1e3).toFixed(0)} | start wall ${t2.toFixed(0)} cpu ${((c2.user + c2.system) / 1e3).toFixed(0)} | close wall ${t3.toFixed(0)} cpu ${((c3.user + c3.system) / 1e3).toFixed(0)}`);
}
