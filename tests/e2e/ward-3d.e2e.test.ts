/**
 * What the 3D ward shows of a patient besides the numbers (issue 15): bed numbers readable from the
 * overview, an oxygen mask or cannula while oxygen runs, a bag on the pole while fluids run, and a way
 * back to the overview after flying to a bed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { giveOxygenAndFluids, selectBedByButton, waitForWard, type UiWindow } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const shown = (page: import('playwright-core').Page, mesh: string) => page.evaluate((m) => (window as unknown as UiWindow).__wardtwin.bedsideShown(m), mesh);
const visible = (page: import('playwright-core').Page, bedId: string) => page.evaluate((b) => (window as unknown as UiWindow).__wardtwin.bedScreenPoint(b) !== null, bedId);

it('numbers the beds, shows oxygen and fluids at the bedside, and flies back to the overview', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  expect(await shown(page, 'bed-plates')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(await shown(page, 'oxygen-masks')).toEqual([]);
  expect(await shown(page, 'iv-bags')).toEqual([]);

  await selectBedByButton(page, 'bed-5'); // flies the camera to bed 5
  await giveOxygenAndFluids(page, 'simple_mask', 8, 1000);
  await expect.poll(() => shown(page, 'oxygen-masks'), { timeout: 30_000 }).toEqual([4]);
  await expect.poll(() => shown(page, 'iv-bags'), { timeout: 30_000 }).toEqual([4]);
  await page.waitForTimeout(2500); // the fly-to settles
  expect(await visible(page, 'bed-1')).toBe(false); // close up on bed 5: bed 1 is out of the picture
  await page.getByTestId('ward-scene').screenshot({ path: shotPath('ward-3d-oxygen-fluids.png') });

  // Oxygen off: the mask goes; the bag stays while the litre runs (30 min at the model's 2000 mL/h).
  await page.getByRole('form', { name: 'Oxygen' }).getByLabel('Device').selectOption('nasal_cannula');
  await page.getByRole('form', { name: 'Oxygen' }).getByLabel('Flow (L/min)').fill('0');
  await page.getByTestId('give-oxygen').click();
  await expect.poll(() => shown(page, 'oxygen-masks'), { timeout: 30_000 }).toEqual([]);
  expect(await shown(page, 'iv-bags')).toEqual([4]);

  await page.getByTestId('back-to-overview').click();
  await expect.poll(async () => (await Promise.all(['bed-1', 'bed-4', 'bed-5', 'bed-8'].map((b) => visible(page, b)))).every(Boolean), { timeout: 30_000 }).toBe(true);
  expect(errors).toEqual([]);
}, 180_000);
