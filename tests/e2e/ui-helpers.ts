/** Shared steps of the UI end-to-end tests (real Chromium, browser host, engine in a Web Worker). */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PatientFigureProbe } from '../../renderer/src/test-hooks';
import type { VisibleSigns } from '../../twin-engine/session/api';

export async function waitForWard(page: Page, beds = 8): Promise<void> {
  await page.waitForSelector('[data-testid="ward-scene"] canvas', { timeout: 60_000 });
  await until(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin?.bedsInScene() ?? 0), (n) => n === beds, 30_000, `${beds} beds in the scene`);
  await until(async () => Number(await page.getByTestId('num-hr').textContent()), (hr) => hr > 30, 60_000, 'a heart rate');
}

export const numeric = (page: Page, bedId: string, key: string) =>
  page.evaluate(([b, k]) => ((window as unknown as UiWindow).__wardtwin?.numerics(b)?.[k] as number | null | undefined) ?? null, [bedId, key] as const);

export async function selectBedByButton(page: Page, bedId: string): Promise<void> {
  await page.getByTestId(`bed-button-${bedId}`).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.selectedBed())).toBe(bedId);
}

/** The hooks the UI tests use (renderer/src/test-hooks.ts); cast inside page.evaluate. */
export interface UiWindow {
  __wardtwin: {
      bedsInScene(): number;
      ecgSamplesWritten(): number;
      createSession(): { dispose(): Promise<void> };
      bedScreenPoint(bedId: string): { x: number; y: number } | null;
      selectedBed(): string | null;
      numerics(bedId: string): Record<string, unknown> | null;
      eventCount(type?: string): number;
      renderInfo(): { calls: number; triangles: number };
      bedsideShown(mesh: string): number[];
      measureFrames(ms: number): Promise<{ frames: number; frameMsP50: number; frameMsP95: number; drawCalls: number; triangles: number }>;
      signs(bedId: string): VisibleSigns | null;
      patientFigure(bedId: string): PatientFigureProbe | null;
      monitorsFacingCamera(): { facing: boolean; lampOnScreen: boolean }[];
  };
}

/** Oxygen and a fluid bolus for the selected bed, through the learner's Treat forms. */
export async function giveOxygenAndFluids(page: Page, device: string, flowLPerMin: number, volumeMl: number): Promise<void> {
  await page.getByTestId('tab-learner').click();
  const oxygen = page.getByRole('form', { name: 'Oxygen' });
  await oxygen.getByLabel('Device').selectOption(device);
  await oxygen.getByLabel('Flow (L/min)').fill(String(flowLPerMin));
  await page.getByTestId('give-oxygen').click();
  await page.getByRole('form', { name: 'Fluids' }).getByLabel('Volume (mL)').fill(String(volumeMl));
  await page.getByTestId('give-fluids').click();
}

/** Poll outside a test body (beforeAll), where expect.poll is not allowed. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what} (last value ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
