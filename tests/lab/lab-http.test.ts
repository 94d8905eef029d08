/** The lab's page on the lab's port (twin-engine/node/lab-http.ts): the web UI, marked as a lab's, and nothing outside it. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createNodeSession } from '../../twin-engine/node/create-node-session';
import { connectLab } from '../../twin-engine/node/lab-client';
import { LAB_PAGE_META } from '../../twin-engine/node/lab-http';
import { LabServer } from '../../twin-engine/node/lab-server';
import { LabRoster } from '../../twin-engine/session/lab';
import { RoleAuthority } from '../../twin-engine/session/roles';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function start(webRoot: string | null) {
  const engine = createNodeSession();
  const authority = new RoleAuthority(engine);
  authority.lab = new LabRoster();
  const server = await LabServer.start({ engine, authority, webRoot });
  closers.push(async () => {
    await server.close();
    authority.dispose();
    await engine.dispose();
  });
  return { server, lab: authority.lab };
}

function fakeBuild(): string {
  const parent = mkdtempSync(join(tmpdir(), 'wardtwin-web-'));
  const dir = join(parent, 'dist-web');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>WardTwin</title></head><body></body></html>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(parent, 'secret-beside-the-build.txt'), 'not for the LAN');
  return dir;
}

it('serves the web UI marked as a lab page, its assets, and the WebSocket on the same port', async () => {
  const { server, lab } = await start(fakeBuild());
  expect(server.pageUrl).toBe(server.url.replace('ws:', 'http:'));
  const page = await fetch(server.pageUrl);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await page.text()).toContain(`<head>\n    ${LAB_PAGE_META}`);
  const js = await fetch(`${server.pageUrl}assets/app.js`);
  expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(await js.text()).toBe('console.log(1)');
  expect((await fetch(`${server.pageUrl}assets/none.js`)).status).toBe(404);
  // ../ (encoded, so the URL parser keeps it) never leaves the build folder.
  expect((await fetch(`${server.pageUrl}..%2Fsecret-beside-the-build.txt`)).status).toBe(403);
  expect((await fetch(server.pageUrl, { method: 'POST' })).status).toBe(405);
  // The instructor's QR code points at this address (listening on 127.0.0.1 here).
  expect(await (await fetch(`${server.pageUrl}lab-addresses.json`)).json()).toEqual({ addresses: [server.pageUrl] });
  // The same port still speaks the lab's protocol.
  const s = connectLab(server.url, { role: 'student', joinCode: lab.code, name: 'Ada' });
  expect((await s.access()).name).toBe('Ada');
  await s.dispose();
});

it('without a build, the page says how to make one', async () => {
  const { server } = await start(join(tmpdir(), 'wardtwin-no-such-build'));
  const res = await fetch(server.pageUrl);
  expect(res.status).toBe(503);
  const text = await res.text();
  expect(text).toContain('SIMULATION — NOT FOR CLINICAL USE');
  expect(text).toContain('npm run build:web');
});
