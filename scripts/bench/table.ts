/** Markdown tables and number formats: the console and docs/BENCHMARKS.md print the same text. */

export type Align = 'left' | 'right';

/** Width of a string as a terminal shows it (code points, so "×" and "–" count as one). */
const width = (s: string) => [...s].length;

/** A markdown table whose columns are padded, so it reads as a table in a terminal too. */
export function mdTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const cols = headers.length;
  const cells = [headers, ...rows].map((r) => Array.from({ length: cols }, (_, i) => (r[i] ?? '').replace(/\|/g, '\\|')));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(3, ...cells.map((r) => width(r[i]!))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - width(s));
    return align[i] === 'right' ? fill + s : s + fill;
  };
  const line = (r: string[]) => `| ${r.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'right' ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/** Steps/s and other rates: three significant figures, plain notation. */
export function fmtRate(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

export function fmtRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
}

/** "0.84× (0.80–0.90)": the median and the range over rounds. */
export function fmtRatioRange(med: number, range: [number, number] | null): string {
  if (!Number.isFinite(med)) return '–';
  const [lo, hi] = range ? [range[0].toFixed(2), range[1].toFixed(2)] : ['', ''];
  return lo !== hi ? `${fmtRatio(med)} (${lo}–${hi})` : fmtRatio(med);
}

export function fmtPercent(x: number, digits = 0): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '–';
}

export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
}

/** Bytes in kB (1000 bytes), as the budget is stated. */
export function fmtKB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(1)} kB` : '–';
}

export function fmtBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '–';
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}
