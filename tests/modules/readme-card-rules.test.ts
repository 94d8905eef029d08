/**
 * Issue 15, "Modules": the model-card rules a module author meets at upload are written in
 * modules/README.md — every required section by name and the minimum length — and they are the rules the
 * checker applies (a 19-character section is refused, 20 accepted).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { MODEL_CARD_REQUIRED } from '../../twin-engine/modules-host/contract';
import { checkModelCard, MIN_CARD_CHARS } from '../../twin-engine/modules-host/manifest';

const README = readFileSync(resolve(import.meta.dirname, '../../modules/README.md'), 'utf8').replace(/\s+/g, ' ');

it('modules/README.md names every required model-card section and the minimum length the checker applies', () => {
  expect(MODEL_CARD_REQUIRED.filter((k) => !README.includes(k))).toEqual([]);
  expect(README).toContain(`each at least ${MIN_CARD_CHARS} characters`);
});

it('a section of 19 characters is a placeholder; 20 is enough', () => {
  const card = (text: string) => Object.fromEntries(MODEL_CARD_REQUIRED.map((k) => [k, text]));
  const problems: string[] = [];
  checkModelCard({ ...card('x'.repeat(20)), limitations: 'y'.repeat(19) }, problems);
  expect(problems).toEqual([`model card incomplete: missing or placeholder (< 20 chars) limitations`]);
  const none: string[] = [];
  checkModelCard(card('x'.repeat(20)), none);
  expect(none).toEqual([]);
});
