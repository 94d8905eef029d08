/**
 * A student looking at a patient in the 3D ward sees what a nurse sees (issue 15): the chest rising at
 * the rate the monitor counts, a blue tinge when the saturation falls, the slumped posture of a drowsy
 * patient, the mask and the drip when oxygen and fluids are given; and from the overview every bed's
 * monitor and alarm lamp faces the camera. Values are read back from the drawn scene (test hooks), not
 * from the code that drew them.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { giveOxygenAndFluids, numeric, selectBedByButton, until, waitForWard, type UiWindow } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const figure = (page: Page, bedId: string) => page.evaluate((b) => (window as unknown as UiWindow).__wardtwin.patientFigure(b), bedId);

/** Blue share of the skin colour relative to red: rises with cyanosis whatever the skin tone. */
const blueness = (rgb: [number, number, number]) => rgb[2] / Math.max(1e-3, rgb[0]);

/**
 * Watch a bed's chest for `ms` of wall time: its depth at every animation frame (it must visibly move)
 * and the breaths the figure drew meanwhile, per wall minute. Software WebGL under load may draw only a
 * frame or two a second, too few to time crossings; the drawn-breath count does not depend on it.
 */
async function watchChest(page: Page, bedId: string, ms: number): Promise<{ perMin: number; lo: number; hi: number; frames: number }> {
  return page.evaluate(
    ([b, dur]) =>
      new Promise((resolve) => {
        const w = window as unknown as UiWindow;
        const depths: number[] = [];
        const start = performance.now();
        const first = w.__wardtwin.patientFigure(b as string)!.breathsDrawn;
        const tick = (now: number) => {
          const f = w.__wardtwin.patientFigure(b as string);
          if (f) depths.push(f.chestDepthM);
          if (now - start < (dur as number)) requestAnimationFrame(tick);
          else {
            const drawn = w.__wardtwin.patientFigure(b as string)!.breathsDrawn - first;
            resolve({ perMin: (drawn * 60_000) / (performance.now() - start), lo: Math.min(...depths), hi: Math.max(...depths), frames: depths.length });
          }
        };
        requestAnimationFrame(tick);
      }),
    [bedId, ms] as const,
  ) as Promise<{ perMin: number; lo: number; hi: number; frames: number }>;
}

it('shows breathing, cyanosis, posture, oxygen and fluids on the patient, and every monitor faces the overview camera', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);

  // Overview: every bed's monitor screen faces the camera and its alarm lamp is in the picture.
  await page.waitForTimeout(1500);
  const monitors = await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.monitorsFacingCamera());
  expect(monitors).toHaveLength(8);
  expect(monitors.every((m) => m.facing && m.lampOnScreen), JSON.stringify(monitors)).toBe(true);
  // The picture once every bed's SpO2 is on the central screen (the oximeter needs a few seconds).
  for (const b of ['bed-1', 'bed-4']) await until(() => numeric(page, b, 'spo2Pct'), (v) => typeof v === 'number', 60_000, `${b} SpO2`);
  await page.waitForTimeout(1000);
  await page.getByTestId('ward-scene').screenshot({ path: shotPath('ward-3d-overview.png') });

  // A stable patient (bed 2): lying, pink, breathing at the monitor's rate (speed 1).
  await page.getByTestId('speed-1').click();
  const calm = await figure(page, 'bed-2');
  expect(calm?.upperBodyDeg).toBeLessThan(25);
  expect(blueness(calm!.skinRgb)).toBeCloseTo(blueness(calm!.baseSkinRgb), 2);
  // The monitor counts RR from the impedance signal: wait until it shows one.
  const rr2 = (await until(() => numeric(page, 'bed-2', 'rrBpm'), (v) => typeof v === 'number' && v > 0, 60_000, 'bed 2 RR on the monitor')) as number;
  const seen2 = await watchChest(page, 'bed-2', 20_000);
  expect(seen2.hi - seen2.lo, JSON.stringify(seen2)).toBeGreaterThan(0.01); // the chest visibly moves (> 1 cm)
  expect(seen2.perMin).toBeGreaterThan(rr2 * 0.85);
  expect(seen2.perMin).toBeLessThan(rr2 * 1.15);

  // Bed 5's opioid overdose begins at 30 min: run the ward at 60× until its saturation falls ('max'
  // starves the page under load so much that the next click can time out).
  await page.getByTestId('speed-60').click();
  await expect.poll(() => numeric(page, 'bed-5', 'spo2Pct'), { timeout: 240_000, interval: 1000 }).toBeLessThan(82);
  // Speed 2: the chest moves at 2 × RR per wall minute.
  await page.getByTestId('speed-2').click();
  await selectBedByButton(page, 'bed-5');
  await page.waitForTimeout(2500);
  const blue = await figure(page, 'bed-5');
  // Central cyanosis: the skin is bluer than the patient's own tone; drowsy (GCS ≤ 8): lying flat.
  expect(blueness(blue!.skinRgb)).toBeGreaterThan(blueness(blue!.baseSkinRgb) * 1.3);
  expect(blue!.upperBodyDeg).toBeLessThan(12);
  // At 4–6 breaths a minute the monitor's impedance count strays from the true rate (cardiac
  // oscillations), so the slow chest is held to the rate the engine says a nurse would count.
  const rr5 = (await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.signs('bed-5')?.breathsPerMin)) as number;
  const seen5 = await watchChest(page, 'bed-5', 20_000);
  const rr5After = (await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.signs('bed-5')?.breathsPerMin)) as number;
  expect(seen5.hi - seen5.lo, JSON.stringify(seen5)).toBeGreaterThan(0.01);
  expect(seen5.perMin / 2).toBeGreaterThan(Math.min(rr5, rr5After) * 0.85);
  expect(seen5.perMin / 2).toBeLessThan(Math.max(rr5, rr5After) * 1.15);
  await page.getByTestId('ward-scene').screenshot({ path: shotPath('ward-3d-cyanosed.png') });

  // Oxygen by mask and a litre of fluid, through the learner's forms.
  await giveOxygenAndFluids(page, 'simple_mask', 10, 1000);
  const shown = (mesh: string) => page.evaluate((m) => (window as unknown as UiWindow).__wardtwin.bedsideShown(m), mesh);
  await expect.poll(() => shown('oxygen-masks'), { timeout: 30_000 }).toEqual([4]);
  await expect.poll(() => shown('iv-bags'), { timeout: 30_000 }).toEqual([4]);
  await expect.poll(() => shown('iv-lines'), { timeout: 30_000 }).toEqual([4]);
  // On oxygen the saturation recovers and the blue fades.
  await expect.poll(() => numeric(page, 'bed-5', 'spo2Pct'), { timeout: 120_000, interval: 1000 }).toBeGreaterThan(92);
  await page.waitForTimeout(2000);
  const pinker = await figure(page, 'bed-5');
  expect(blueness(pinker!.skinRgb)).toBeLessThan(blueness(blue!.skinRgb));
  await page.getByTestId('ward-scene').screenshot({ path: shotPath('ward-3d-patient.png') });
  expect(errors).toEqual([]);
}, 600_000);

it('shows a breathless patient braced forward in the tripod posture, sweating beside dry neighbours', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  // The instructor injects a tension pneumothorax into bed 4 (a stable 58-year-old) through the
  // console: severity 0.8 over 5 min keeps him alert (GCS ≥ 13) while his work of breathing passes the
  // fatigue threshold (12 J/min) and the falling output drives a cold sweat (sympathetic drive > 0.35).
  await selectBedByButton(page, 'bed-4');
  await page.waitForTimeout(2500); // the fly-to settles
  // Before: the same patient, lying back and dry, from the same place.
  const before = (await figure(page, 'bed-4'))!;
  expect(before.sweat).toBe(0);
  expect(before.leansForward).toBe(false);
  await page.getByTestId('ward-scene').screenshot({ path: shotPath('ward-3d-tripod-before.png') });
  await page.getByTestId('tab-instructor').click();
  const form = page.getByRole('form', { name: 'Inject a condition' });
  await form.getByLabel('Condition').selectOption('tension_pneumothorax');
  await form.getByLabel(/Severity/).fill('0.8');
  await form.getByLabel('Ramp (min)').fill('5');
  await page.getByTestId('inject-condition').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('condition'))).toBe(1);
  await page.getByTestId('speed-60').click();
  const signs = (b: string) => page.evaluate((id) => (window as unknown as UiWindow).__wardtwin.signs(id), b);
  await expect.poll(async () => JSON.stringify(await signs('bed-4')), { timeout: 240_000, interval: 500 }).toMatch(/"posture":"tripod"/);
  await expect.poll(async () => (await signs('bed-4'))!.diaphoresis, { timeout: 120_000, interval: 500 }).toBeGreaterThan(0.3);
  await page.getByTestId('speed-1').click();
  // The figure eases into the pose over a few seconds of drawn frames, through upright (90°) to ≈ 75°
  // off the mattress on the far side of upright: sitting forward, braced.
  await expect.poll(async () => (await figure(page, 'bed-4'))!.leansForward, { timeout: 30_000, interval: 250 }).toBe(true);
  await expect.poll(async () => (await figure(page, 'bed-4'))!.upperBodyDeg, { timeout: 30_000, interval: 250 }).toBeLessThan(77);
  await page.waitForTimeout(1500);
  const tripod = (await figure(page, 'bed-4'))!;
  expect(tripod.upperBodyDeg).toBeGreaterThan(73);
  expect(tripod.leansForward).toBe(true);
  expect(tripod.sweat).toBeGreaterThan(0.3);
  // The neighbours, stable (bed 5's overdose starts at 30 min), lie back dry.
  for (const b of ['bed-3', 'bed-5']) {
    const dry = (await figure(page, b))!;
    expect(dry.sweat, b).toBe(0);
    expect(dry.upperBodyDeg, b).toBeLessThan(25);
    expect(dry.leansForward, b).toBe(false);
  }
  await page.getByTestId('ward-scene').screenshot({ path: shotPath('ward-3d-tripod.png') });
  expect(errors).toEqual([]);
}, 420_000);
