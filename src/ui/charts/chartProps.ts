/**
 * Margins and tick style shared by every step chart (./plot and the Recharts Compare chart), and
 * the Compare chart's Recharts props, defined once at module level: Recharts compares many props
 * by identity, and a new object on every render would make it re-register axes and series (the
 * most expensive thing it does). Every axis also gets `niceTicks="none"`: the ticks are computed
 * here (./ticks.ts), and Recharts' own nice-tick search (decimal.js) was the largest single cost
 * of a chart update.
 */
import { formatMetric, formatTick } from '../format';

export const MARGIN = { top: 6, right: 18, bottom: 0, left: 0 };
export const TICK_STYLE = { fontSize: 11 };
export const DATA_EXTENT: ['dataMin', 'dataMax'] = ['dataMin', 'dataMax'];
export const tickFormatter = (v: number) => formatTick(v);
export const stepLabel = (s: unknown) => `step ${String(s)}`;
export const metricValue = (v: unknown) => formatMetric(typeof v === 'number' ? v : null);
