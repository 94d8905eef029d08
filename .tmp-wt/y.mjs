import { parse } from 'yaml'; import { readFileSync } from 'fs';
for (const f of process.argv.slice(2)) { try { parse(readFileSync(f, 'utf8')); } catch (e) { console.log(f, e.message.split('\n')[0]); } }
