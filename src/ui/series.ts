/**
 * Bounded chart series. A run can record hundreds of thousands of steps, but a chart never needs
 * more than a few hundred points: when a series grows past `MAX_CHART_POINTS` every other point is
 * dropped and the minimum spacing between kept steps doubles. The newest row is always kept, so the
 * right end of every chart is live. All functions are pure: they return new arrays.
 */

/** Upper bound on rows per series; charts stay cheap to render at any run length. */
export const MAX_CHART_POINTS = 400;

export interface StepRow {
  step: number;
}

export interface Series<Row extends StepRow> {
  rows: Row[];
  /** Minimum step distance between kept rows (the newest row is exempt). */
  stride: number;
}

export function emptySeries<Row extends StepRow>(): Series<Row> {
  return { rows: [], stride: 1 };
}

/** Appends rows in step order, thinning as needed so `rows.length <= max`. */
export function appendRows<Row extends StepRow>(
  series: Series<Row>,
  incoming: readonly Row[],
  max = MAX_CHART_POINTS,
): Series<Row> {
  if (incoming.length === 0) return series;
  const rows = series.rows.slice();
  let stride = series.stride;
  for (const row of incoming) {
    const n = rows.length;
    // The previous newest row was kept only for being newest: replace it while it sits too close.
    const beforeLast = n >= 2 ? rows[n - 2]! : null;
    if (beforeLast && row.step - beforeLast.step < stride) rows[n - 1] = row;
    else rows.push(row);
    if (rows.length > max) {
      const kept = rows.filter((_, i) => i % 2 === 0);
      if (kept[kept.length - 1] !== rows[rows.length - 1]) kept.push(rows[rows.length - 1]!);
      rows.length = 0;
      rows.push(...kept);
      stride *= 2;
    }
  }
  return { rows, stride };
}

/** Evenly thins `rows` to at most `max` rows for drawing, keeping the first and the last. */
export function thinRows<Row>(rows: readonly Row[], max: number): readonly Row[] {
  if (rows.length <= max || max < 2) return rows;
  const out: Row[] = [];
  const every = (rows.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(rows[Math.round(k * every)]!);
  return out;
}
