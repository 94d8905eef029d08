/** Output for CLI commands, injectable so tests capture exactly what a user would see. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  isTty: boolean;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  isTty: Boolean(process.stderr.isTTY),
};

/** Piped output gets a progress line at each quarter, and at least this often while work goes on… */
const PIPED_EVERY_MS = 30_000;
/** …once the work has taken this long: a quick command's log stays as it was, only its result. */
const PIPED_AFTER_MS = 10_000;

/**
 * A one-line progress bar on a terminal, redrawn in place. Piped (a log file, CI, `| tee`), it prints a
 * plain line at 25/50/75/100 % and every 30 s instead, from 10 s on (issue 15: an eval was entirely
 * silent when piped).
 */
export function progressBar(io: CliIo, label: string, now: () => number = () => performance.now()): { update(frac: number, extra?: string): void; done(): void } {
  let last = -1;
  const t0 = now();
  let lastLineAt = t0;
  let lastQuarter = 0;
  return {
    update(frac, extra = '') {
      if (!io.isTty) {
        const quarter = Math.floor(frac * 4 + 1e-9);
        const t = now();
        if (t - t0 < PIPED_AFTER_MS) return;
        if (quarter > lastQuarter || t - lastLineAt >= PIPED_EVERY_MS) {
          lastQuarter = Math.max(lastQuarter, quarter);
          lastLineAt = t;
          io.stderr(`${label}: ${Math.floor(frac * 100)} %${extra ? ` (${extra})` : ''}, ${Math.round((t - t0) / 1000)} s elapsed`);
        }
        return;
      }
      const pct = Math.floor(frac * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round(frac * width);
      process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(pct).padStart(3)}% ${extra}`);
    },
    done() {
      if (io.isTty) process.stderr.write('\n');
    },
  };
}
