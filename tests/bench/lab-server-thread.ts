/**
 * The lab server of `lab.clients40.*`, in its own worker thread so that its CPU share can be measured
 * apart from the 40 clients: a 40-bed cohort playing at 1×. It records when each numerics frame was
 * generated (epoch ms) so the parent can compute frame generation → client receipt latency.
 */
import { parentPort } from 'node:worker_threads';
import { LabServer } from '../../twin-engine/node/lab-server';
import { openFileSession } from '../../twin-engine/node/open-source';
import { LabRoster } from '../../twin-engine/session/lab';
import { RoleAuthority } from '../../twin-engine/session/roles';

const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();
const { session: engine, source } = openFileSession('scenarios/cohorts/sepsis-ward.yaml', 1);
const ward = await engine.load({ ...source, cohortSize: 40 });
const authority = new RoleAuthority(engine);
authority.lab = new LabRoster();
const server = await LabServer.start({ engine, authority });
const generated = new Map<string, number>();
engine.numerics({}).subscribe((f) => generated.set(`${f.bedId}@${f.simTimeS}`, now()));
port.postMessage({ t: 'ready', url: server.url, code: authority.lab.code, beds: ward.beds.map((b) => b.bedId) });
port.on('message', async (m: { t: string }) => {
  if (m.t === 'play') await engine.play();
  if (m.t === 'stop') {
    await engine.pause();
    port.postMessage({ t: 'generated', generated: [...generated] });
    await server.close();
    authority.dispose();
    await engine.dispose();
  }
});
