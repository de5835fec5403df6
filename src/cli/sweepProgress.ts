/**
 * Sweep progress on stderr: one cli-progress bar over all runs (runs done / total, the current
 * combination, steps/s) on a terminal; one plain line per finished run otherwise, as progress.ts
 * does for a single run.
 */
import cliProgress from 'cli-progress';

export interface SweepProgress {
  /** Run `index` (0-based) of the combination `label` starts; it has `steps` steps. */
  startRun(index: number, label: string, steps: number): void;
  /** After each optimizer step of the current run. */
  step(step: number): void;
  /** The current run ended; `line` says how (printed above the bar, or as a plain line). */
  endRun(line: string): void;
  /** Releases the terminal line. */
  stop(): void;
}

/** Steps per second over the whole sweep so far. */
function makeRate(): { add(steps: number): void; rate(current: number): string } {
  const start = performance.now();
  let done = 0;
  return {
    add: (steps) => void (done += steps),
    rate(current) {
      const seconds = (performance.now() - start) / 1000;
      return seconds > 0 ? ((done + current) / seconds).toFixed(0) : '–';
    },
  };
}

function barProgress(total: number, stream: NodeJS.WriteStream): SweepProgress {
  const rate = makeRate();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} runs | {label} | step {step}/{steps} | {rate} steps/s',
      barsize: 20,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '', step: 0, steps: 0, rate: '–' });
  let index = 0;
  let current = 0;
  return {
    startRun(i, label, steps) {
      index = i;
      current = 0;
      bar.update(i, { label, step: 0, steps, rate: rate.rate(0) });
    },
    step(step) {
      current = step;
      bar.update(index, { step, rate: rate.rate(step) });
    },
    endRun(line) {
      rate.add(current);
      current = 0;
      stream.write(`\r\x1b[2K${line}\n`);
      bar.update(index + 1, { rate: rate.rate(0) });
    },
    stop: () => bar.stop(),
  };
}

function plainProgress(stream: NodeJS.WritableStream): SweepProgress {
  return {
    startRun: () => {},
    step: () => {},
    endRun: (line) => stream.write(`${line}\n`),
    stop: () => {},
  };
}

export function createSweepProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): SweepProgress {
  return stream.isTTY ? barProgress(total, stream) : plainProgress(stream);
}
