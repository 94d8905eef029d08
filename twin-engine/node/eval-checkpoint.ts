/**
 * Progress of an evaluation run on disk, so a run killed mid-way (Ctrl+C, SIGTERM from a pre-empted job,
 * SIGKILL, a crash) keeps every finished patient and `--resume` continues from there.
 *
 * Append-only JSON lines: a header naming the run's configuration, then one line per finished patient run.
 * Every line is "<sha256 hex of the JSON> <JSON>", written with one append + fsync, so a line is either
 * whole or — if the process died inside the write — a torn last line, which resume drops and rewrites.
 * A damaged line anywhere else means the file was altered: resume refuses rather than guess.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { PatientRecord } from '../evaluation/types';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const line = (value: unknown) => {
  const json = JSON.stringify(value);
  return `${sha(json)} ${json}\n`;
};

interface Header {
  format: 'wardtwin-eval-progress';
  version: 1;
  /** The run's configuration (module hash, cohort, n, seed, duration, shard, WardTwin version, scoring). */
  run: unknown;
}

export class EvalCheckpoint {
  private fd: number;
  private constructor(readonly path: string, fd: number) {
    this.fd = fd;
  }

  /** Start a fresh progress file (refusing to silently overwrite an interrupted run) or resume one. */
  static open(path: string, run: unknown, resume: boolean): { checkpoint: EvalCheckpoint; done: PatientRecord[] } {
    const exists = existsSync(path);
    if (exists && !resume) {
      throw new Error(`an interrupted run left its progress in ${path}; add --resume to continue it, or delete that file to start over`);
    }
    if (!exists) {
      const fd = openSync(path, 'w');
      writeSync(fd, line({ format: 'wardtwin-eval-progress', version: 1, run } satisfies Header));
      fsyncSync(fd);
      return { checkpoint: new EvalCheckpoint(path, fd), done: [] };
    }
    const text = readFileSync(path, 'utf8');
    const done: PatientRecord[] = [];
    let good = 0; // byte length of the intact prefix
    let header: Header | null = null;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const last = i === lines.length - 1; // no newline after it: unfinished unless empty
      if (last && l === '') break;
      const m = /^([0-9a-f]{64}) (.*)$/s.exec(l);
      const intact = !last && m !== null && sha(m[2]) === m[1];
      if (!intact) {
        if (last || i === lines.length - 2 && lines[lines.length - 1] === '') break; // torn final line: drop it
        throw new Error(`${path}:${i + 1}: damaged progress line (checksum mismatch) before the end of the file; delete the file to start over`);
      }
      const value = JSON.parse(m[2]);
      if (i === 0) header = value as Header;
      else done.push(value as PatientRecord);
      good += Buffer.byteLength(l, 'utf8') + 1;
    }
    if (!header || header.format !== 'wardtwin-eval-progress') throw new Error(`${path} is not a WardTwin evaluation progress file; delete it to start over`);
    const want = JSON.stringify(run);
    const have = JSON.stringify(header.run);
    if (want !== have) {
      throw new Error(`cannot --resume ${path}: it was started with a different configuration (${diffKeys(header.run, run).join(', ')} differ); rerun with the original flags, or delete the file to start over`);
    }
    truncateSync(path, good);
    return { checkpoint: new EvalCheckpoint(path, openSync(path, 'a')), done };
  }

  append(r: PatientRecord): void {
    writeSync(this.fd, line(r));
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

}

/** Top-level (and config.*) keys whose values differ, for the refusal message. */
function diffKeys(a: unknown, b: unknown, prefix = ''): string[] {
  const ao = (a ?? {}) as Record<string, unknown>;
  const bo = (b ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])]) {
    if (JSON.stringify(ao[k]) === JSON.stringify(bo[k])) continue;
    if (k === 'config' && typeof ao[k] === 'object' && typeof bo[k] === 'object') out.push(...diffKeys(ao[k], bo[k], 'config.'));
    else out.push(prefix + k);
  }
  return out;
}
