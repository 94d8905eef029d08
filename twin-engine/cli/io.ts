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

/** A one-line progress bar on a terminal, redrawn in place; silent when not a terminal. */
export function progressBar(io: CliIo, label: string): { update(frac: number, extra?: string): void; done(): void } {
  let last = -1;
  return {
    update(frac, extra = '') {
      if (!io.isTty) return;
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
