/** `wardtwin audit verify <log>`: check a hash-chained audit log and name the first broken record. */
import { readFileSync } from 'node:fs';
import { verifyAudit } from '../audit/log';
import { UsageError, parseArgs } from './args';
import type { CliIo } from './io';
import type { Command } from './main';

export const auditCommand: Command = {
  name: 'audit',
  usage: 'wardtwin audit verify <audit.jsonl>',
  summary: 'Verify a hash-chained audit log; reports the first altered, inserted or deleted record (exit 1).',
  flags: [],
  async run(argv: string[], io: CliIo): Promise<number> {
    const { positionals } = parseArgs(argv, []);
    if (positionals[0] !== 'verify' || positionals.length !== 2) throw new UsageError("expected 'verify <audit.jsonl>'");
    const file = positionals[1];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const r = verifyAudit(text);
    if (r.ok) {
      io.stdout(`${file}: OK: ${r.records} records, chain intact, head hash ${r.headHash}. (A truncated tail is only detectable by comparing the head hash with the one recorded at the end of the session.)`);
      return 0;
    }
    io.stdout(`${file}: FAILED at line ${r.line}: ${r.message}. ${r.records} record(s) before it verify.`);
    return 1;
  },
};
