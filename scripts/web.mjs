// `npm run web`: the WardTwin UI on localhost for any browser, the engine in a Web Worker.
import { buildWeb, serveWeb } from './web-host.mjs';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 5174);
const host = args.includes('--host') ? '0.0.0.0' : '127.0.0.1';

console.log('WardTwin browser host — SIMULATION — NOT FOR CLINICAL USE');
if (!args.includes('--no-build')) {
  console.log('Building the browser host…');
  await buildWeb();
}
const { url } = await serveWeb({ port, host });
console.log(`WardTwin is running at ${url}  (open it in Chromium, Chrome, Edge or Firefox; Ctrl+C to stop)`);
