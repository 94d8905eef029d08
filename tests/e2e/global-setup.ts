/**
 * Builds the browser host once and serves it on a free localhost port for every e2e test.
 */
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
// @ts-expect-error — plain ESM helper shared with `npm run web`
import { buildWeb, serveWeb } from '../../scripts/web-host.mjs';
import { CHROMIUM_PATH } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  await buildWeb({ quiet: true });
  const { url, close } = await serveWeb({ port: 0 });
  project.provide('baseUrl', url);
  return async () => {
    await close();
  };
}
