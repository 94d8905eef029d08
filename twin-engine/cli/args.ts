/** A small, strict argument parser: unknown flags are errors that name the command's known flags. */
export interface FlagSpec {
  name: string;
  value?: string; // placeholder; absent for boolean flags
  help: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`).join(', ');
      throw new UsageError(`unknown option --${name}${known ? ` (known: ${known})` : ''}`);
    }
    if (spec.value === undefined) {
      flags.set(name, true);
    } else {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`--${name} needs a value (${spec.value})`);
      flags.set(name, v);
    }
  }
  return { positionals, flags };
}

/** Parse '2h', '90 min', '30s', '1h30m', or plain seconds. */
export function parseDurationS(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)\s*(h|hr|hours?|m|min|minutes?|s|sec|seconds?|d|days?)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const v = Number(m[1]);
    const u = m[2][0];
    total += u === 'd' ? v * 86400 : u === 'h' ? v * 3600 : u === 'm' ? v * 60 : v;
    matched = re.lastIndex;
  }
  if (matched !== t.length || total <= 0) throw new UsageError(`expected a duration like '2h', '30m' or '90s'; found '${text}'`);
  return total;
}

export function helpText(usage: string, summary: string, specs: FlagSpec[]): string {
  const lines = [`Usage: ${usage}`, '', summary];
  if (specs.length) {
    lines.push('', 'Options:');
    const w = Math.max(...specs.map((s) => `--${s.name}${s.value ? ` ${s.value}` : ''}`.length));
    for (const s of specs) lines.push(`  ${`--${s.name}${s.value ? ` ${s.value}` : ''}`.padEnd(w)}  ${s.help}`);
  }
  return lines.join('\n');
}

/** Seeds are 32-bit unsigned (util/prng), for every command. */
export const SEED_MAX = 0xffffffff;

/**
 * An integer option in [min, max], one rule and one message for every command: absent → `dflt`
 * (undefined: the option is optional and absent; pass `required` to refuse its absence).
 */
export function intFlag(flags: Map<string, string | true>, name: string, dflt: number, min: number, max: number): number;
export function intFlag(flags: Map<string, string | true>, name: string, dflt: undefined | 'required', min: number, max: number): number | undefined;
export function intFlag(flags: Map<string, string | true>, name: string, dflt: number | undefined | 'required', min: number, max: number): number | undefined {
  const raw = flags.get(name);
  if (raw === undefined) {
    if (dflt === 'required') throw new UsageError(`--${name} is required`);
    return dflt;
  }
  const v = raw === true ? NaN : Number(raw);
  if (!Number.isInteger(v) || v < min || v > max || String(raw).trim() === '') throw new UsageError(`--${name} must be an integer from ${min} to ${max}; got '${raw === true ? '' : raw}'`);
  return v;
}
