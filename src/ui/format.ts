/** Number formatting and colours shared by the panels and charts. */

/** Compact display of a metric: 4 significant digits, exponent form for very small/large values. */
export function formatMetric(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toPrecision(4).replace(/\.?0+$/, '');
}

export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(1)} %`;
}

/** Axis ticks: short, never more than ~5 characters. */
export function formatTick(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a < 1e-2 || a >= 1e4) return x.toExponential(0);
  return String(Number(x.toPrecision(2)));
}

export const CLASS_COLORS = ['#e07b39', '#2f6db5'] as const;
export const TRAIN_COLOR = '#2f6db5';
export const VAL_COLOR = '#e07b39';
export const ACCURACY_COLOR = '#4a9a5c';

/** Stops of a perceptually even ramp (viridis, darkened a little for white backgrounds). */
const RAMP: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [53, 183, 121],
  [180, 200, 40],
];

/** Colour for layer `i` of `n`: input-side layers dark purple, output-side yellow-green. */
export function layerColor(i: number, n: number): string {
  const t = n <= 1 ? 0 : i / (n - 1);
  const x = t * (RAMP.length - 1);
  const k = Math.min(Math.floor(x), RAMP.length - 2);
  const f = x - k;
  const [a, b] = [RAMP[k]!, RAMP[k + 1]!];
  const c = a.map((v, j) => Math.round(v + (b[j]! - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Event markers and badges: the severity decides the colour (shared by the timeline and charts). */
export const SEVERITY_COLOR = {
  critical: '#b42318',
  warning: '#c27a00',
  info: '#6b5ca5',
} as const;

/** Reference lines that are thresholds (2/η, the 1e-3 rule of thumb, the calibration diagonal). */
export const GUIDE_COLOR = '#8a93a1';
