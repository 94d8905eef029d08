import { it } from 'vitest';
import { recordRun } from './helpers';
it('dbg', async () => {
  const r = await recordRun('af-rvr.yaml', 3, 900, [{ kind: 'builtin', id: 'qrs-pan-tompkins' }, { kind: 'builtin', id: 'news2' }]);
  console.log(r.events.filter((e) => e.type === 'episode').map((e: any) => `${e.simTimeS} ${e.change} ${e.episode.label}`).join('\n'));
  console.log(r.frames.filter((_, i) => i % 60 === 0).map((f) => `${f.simTimeS} hr ${f.measured.hrBpm} rr ${f.measured.rrBpm} spo2 ${f.measured.spo2Pct} sbp ${f.measured.artSysMmHg ?? f.measured.nibpSysMmHg}`).join('\n'));
  console.log(r.findings);
}, 120000);
