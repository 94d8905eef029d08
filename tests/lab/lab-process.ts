/**
 * `wardtwin lab serve` as a real process, as an instructor starts it: spawned through bin/wardtwin.mjs,
 * read until it prints that it is ready, with what it printed (address, join code, instructor key).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LabProcess {
  child: ChildProcess;
  url: string;
  code: string;
  key: string;
  text: string;
}

/** `args` follow `lab serve`; the caller kills `child` (tests: SIGKILL to show a crash). */
export async function spawnLabServe(args: readonly string[]): Promise<LabProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/wardtwin.mjs'), 'lab', 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stderr!.on('data', (d) => (text += String(d)));
  await new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d) => {
      text += String(d);
      if (text.includes('Press Ctrl+C')) res();
    });
    child.once('exit', (code) => rej(new Error(`lab serve exited ${code}: ${text}`)));
  });
  const grab = (re: RegExp) => re.exec(text)![1];
  return { child, url: grab(/Students join at: (\S+)/), code: grab(/Join code: (\S+)/), key: grab(/Instructor key \(keep it to yourself\): (\S+)/), text };
}
