/**
 * The README's `wardtwin eval` example scores enough target episodes to mean something (issue 13: ≥ 20),
 * and the count its comment states is the one the command gives. The command is read from README.md, so
 * a change of cohort, n or physiology that starves the example (the Guyton changes took it from 30 to
 * 25; an earlier cohort scored 0) fails here instead of misleading the first user who runs it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runEvaluation } from '../../twin-engine/node/eval-run';

it("the README's eval example scores the target episodes its comment states, at least 20", async () => {
  const line = readFileSync('README.md', 'utf8').split('\n').find((l) => /^npx wardtwin eval --module \S+ --cohort \S+ --n \d+ --workers 2 --out eval\/si/.test(l));
  expect(line, 'README.md: the single-run eval example').toBeDefined();
  const m = /--module (\S+) --cohort (\S+) --n (\d+) .*# (\d+) target episodes/.exec(line as string);
  expect(m, `README.md: the example's comment states its target episodes: ${line}`).not.toBeNull();
  const [, module, cohortPath, n, stated] = m as RegExpExecArray;
  // Episodes are the twin's truth, the same in the clean and artifacts conditions: one condition suffices.
  const r = await runEvaluation({ module, cohortPath, n: Number(n), seed: 1, workers: 2, conditions: ['clean'], scoring: { bootstrapB: 0 } });
  expect(r.metrics.sufficiency.targetEpisodes).toBe(Number(stated));
  expect(r.metrics.sufficiency.targetEpisodes).toBeGreaterThanOrEqual(20);
  expect(r.metrics.sufficiency.sufficient).toBe(true);
}, 300_000);
