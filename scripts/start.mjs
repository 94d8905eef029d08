// `npm start`: the Electron app on the default ward. Where Electron cannot start (no binary and no
// network to fetch one, or no display), say why in one line and serve the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, buildWeb, serveWeb } from './web-host.mjs';

const ELECTRON_DIR = resolve(ROOT, 'node_modules/electron');
/** How long to let Electron's own installer try to fetch the binary before giving up. */
const FETCH_TIMEOUT_MS = 90_000;

function electronBinary() {
  const pathFile = resolve(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = resolve(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

function whyElectronCannotStart() {
  if (!existsSync(ELECTRON_DIR)) return 'the electron package is not installed';
  let exe = electronBinary();
  if (!exe && process.env.WARDTWIN_NO_ELECTRON_FETCH !== '1') {
    console.log('Electron binary not found; trying to fetch it…');
    const r = spawnSync(process.execPath, [resolve(ELECTRON_DIR, 'install.js')], { stdio: 'ignore', timeout: FETCH_TIMEOUT_MS });
    exe = electronBinary();
    if (!exe) return `the Electron binary is missing and could not be downloaded (${r.error ? r.error.code ?? r.error.message : `installer exit ${r.status}`})`;
  }
  if (!exe) return 'the Electron binary is missing';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display is available (DISPLAY is not set)';
  return null;
}

const why = process.env.WARDTWIN_FORCE_WEB === '1' ? 'WARDTWIN_FORCE_WEB=1 is set' : whyElectronCannotStart();
if (why === null) {
  console.log('Building WardTwin…');
  const b = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { stdio: 'inherit', cwd: ROOT });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const child = spawn(electronBinary(), [ROOT], { stdio: 'inherit', cwd: ROOT });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron cannot start here: ${why} — serving the browser host instead.`);
  await buildWeb({ quiet: true });
  const port = Number(process.env.PORT ?? 5174);
  const { url } = await serveWeb({ port });
  console.log(`WardTwin (browser host) is running at ${url} — open it in a browser. SIMULATION — NOT FOR CLINICAL USE. Ctrl+C to stop.`);
}
