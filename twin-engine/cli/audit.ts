/**
 * `wardtwin audit verify <log|run folder>`: check a hash-chained audit log against its anchor (the run
 * folder's manifest.json), its session and the lab key, and name the first failure.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { anchorFrom, verifyAudit, type AuditAnchor } from '../audit/log';
import { UsageError, parseArgs, type FlagSpec } from './args';
import type { CliIo } from './io';
import type { Command } from './main';
import { interruptedRun, readAuditKey } from './run';

const FLAGS: FlagSpec[] = [
  { name: 'manifest', value: '<file>', help: "the anchor: a run folder's manifest.json (default: the one beside the log, if any)" },
  { name: 'session', value: '<id>', help: 'the session the log must belong to' },
  { name: 'audit-key', value: '<file>', help: 'the lab key: the seal and the anchor must carry valid signatures' },
];

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

export const auditCommand: Command = {
  name: 'audit',
  usage: 'wardtwin audit verify <audit.jsonl | run folder> [--manifest <file>] [--session <id>] [--audit-key <file>]',
  summary: 'Verify an audit log against its anchor, session and key; names the first tampered line (exit 1).',
  flags: FLAGS,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(argv, FLAGS);
    if (positionals[0] !== 'verify' || positionals.length !== 2) throw new UsageError("expected 'verify <audit.jsonl | run folder>'");
    let file = positionals[1];
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'audit.jsonl');
    let text = read(file, 'audit log');
    const session = flags.has('session') ? String(flags.get('session')) : undefined;
    // A `wardtwin run --out` folder that was interrupted (killed): its log stops where the run stopped.
    // That is reported as truncation, with what was written before it checked.
    const partial = flags.has('manifest') ? null : interruptedRun(dirname(file));
    if (partial) {
      const torn = text !== '' && !text.endsWith('\n');
      if (torn) text = text.slice(0, text.lastIndexOf('\n') + 1);
      const r = text.trim() === '' ? null : verifyAudit(text, { session });
      if (r && !r.ok) {
        io.stdout(`${file}: FAILED at line ${r.line} (${r.problem}): ${r.message}. ${r.records} record(s) before it verify.`);
        return 1;
      }
      const n = r?.records ?? 0;
      const of = partial.durationS !== null ? ` of ${partial.durationS} s` : '';
      io.stdout(
        `${file}: FAILED at line ${n + 2} (truncated): the run did not finish (${join(dirname(file), 'progress.json')}: ${partial.simulatedS} s simulated${of}; no manifest.json), so the log has no seal and no anchor. ` +
          `${n} record(s) written before the interruption verify${r?.ok ? `, chain intact, head hash ${r.headHash}` : ''}${torn ? '; a torn last line was left out' : ''}.`,
      );
      return 1;
    }
    const manifestFile = flags.has('manifest') ? String(flags.get('manifest')) : join(dirname(file), 'manifest.json');
    let anchor: AuditAnchor | undefined;
    if (flags.has('manifest') || existsSync(manifestFile)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(read(manifestFile, 'manifest'));
      } catch (err) {
        if (err instanceof SyntaxError) throw new Error(`${manifestFile} is not JSON: ${err.message}`);
        throw err;
      }
      const a = anchorFrom(parsed);
      if (!a) {
        io.stdout(`${file}: FAILED: ${manifestFile} carries no audit anchor ("audit": {format "wardtwin-audit-anchor/1", session, records, headHash}).`);
        return 1;
      }
      anchor = a;
    }
    const key = flags.has('audit-key') ? readAuditKey(String(flags.get('audit-key'))) : undefined;
    const r = verifyAudit(text, { anchor, session, key });
    if (r.ok) {
      const against = [anchor ? `anchor in ${manifestFile}` : null, r.signature === 'valid' ? 'signatures valid' : r.signature === 'unchecked' ? 'signed (give --audit-key to check)' : null].filter(Boolean).join(', ');
      const tail = anchor || r.signature === 'valid' ? '' : r.sealed ? ' (sealed; without the manifest or key, a rewrite of the whole log is not detectable)' : ' (not sealed and no anchor: a dropped tail is not detectable)';
      io.stdout(`${file}: OK: ${r.records} records of session ${r.session}, chain intact, head hash ${r.headHash}${against ? `; ${against}` : ''}.${tail}`);
      return 0;
    }
    io.stdout(`${file}: FAILED at line ${r.line} (${r.problem}): ${r.message}. ${r.records} record(s) before it verify.`);
    return 1;
  },
};
