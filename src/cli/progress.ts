/**
 * Training progress on stderr: a live cli-progress bar on a terminal, a few plain lines otherwise
 * (CI logs and pipes should not fill with carriage returns).
 */
import cliProgress from 'cli-progress';
import type { HistoryRecord } from '../engine/run';

/** Plain-line mode prints one line per this fraction of the run. */
const PLAIN_LINE_FRACTION = 0.1;

export interface Progress {
  /** After each optimizer step; `last` is the latest history record (lossVal comes from it). */
  update(step: number, last: HistoryRecord | null): void;
  /** Leaves the display at `step` (a diverged run stops early) and releases the terminal line. */
  stop(step: number, last: HistoryRecord | null): void;
  /** A line for people (an alert, a controller action) printed above the bar. */
  note(line: string): void;
}

export function formatLoss(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  if (!Number.isFinite(x)) return String(x);
  return x.toPrecision(4);
}

function makeRate(): (step: number) => string {
  const start = performance.now();
  return (step) => {
    const seconds = (performance.now() - start) / 1000;
    return seconds > 0 ? (step / seconds).toFixed(0) : '–';
  };
}

function barProgress(total: number, stream: NodeJS.WriteStream): Progress {
  const rate = makeRate();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} steps | {rate} steps/s | lossVal {lossVal}',
      barsize: 30,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '–', lossVal: '–' });
  const payload = (step: number, last: HistoryRecord | null) => ({
    rate: rate(step),
    lossVal: formatLoss(last?.lossVal),
  });
  return {
    update: (step, last) => bar.update(step, payload(step, last)),
    stop(step, last) {
      bar.update(step, payload(step, last));
      bar.stop();
    },
    // Clear the bar's line, print, and let the next update redraw the bar below.
    note: (line) => stream.write(`\r\x1b[2K${line}\n`),
  };
}

function plainProgress(total: number, stream: NodeJS.WritableStream): Progress {
  const rate = makeRate();
  const every = Math.max(1, Math.ceil(total * PLAIN_LINE_FRACTION));
  let lastPrinted = 0;
  const print = (step: number, last: HistoryRecord | null) => {
    lastPrinted = step;
    const pct = Math.floor((100 * step) / total);
    stream.write(
      `step ${step}/${total} (${pct}%) | ${rate(step)} steps/s | lossVal ${formatLoss(last?.lossVal)}\n`,
    );
  };
  return {
    update(step, last) {
      if (step % every === 0 && step !== total) print(step, last);
    },
    stop(step, last) {
      if (step !== lastPrinted) print(step, last);
    },
    note: (line) => stream.write(`${line}\n`),
  };
}

/** A bar when `stream` is a terminal, else plain lines every 10 %. */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  return stream.isTTY ? barProgress(total, stream) : plainProgress(total, stream);
}
