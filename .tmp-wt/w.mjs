import 'ses';
import { parentPort } from 'node:worker_threads';
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe', consoleTaming: 'unsafe', evalTaming: 'safe-eval' });
const c = new Compartment({ globals: { harden }, __options__: true });
const src = `(function(){ const r = {}; r.fetch = typeof fetch; r.process = typeof process; r.setTimeout = typeof setTimeout; r.req = typeof require; r.gt = typeof globalThis.process;
 try { r.esc = (0, eval)("typeof process"); } catch(e) { r.esc = "err " + e.message; }
 try { r.fc = Function("return typeof process")(); } catch (e) { r.fc = "err"}
 try { r.ctorProc = typeof ({}).constructor.constructor("return process")(); } catch(e) { r.ctorProc = "err " + e.message }
 try { Object.prototype.x = 1; r.proto='mutated'} catch(e) { r.proto = 'frozen: ' + e.message }

 r.date = (()=>{try{return Date.now()}catch(e){return "err"}})(); r.rand = (()=>{try{return Math.random()}catch(e){return 'err '+e.message}})();
 return r; })()`;
try { parentPort.postMessage(c.evaluate(src)); } catch (e) { parentPort.postMessage('EVALERR ' + e.message); }
