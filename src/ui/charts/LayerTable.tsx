import { memo } from 'react';
import type { ActivationStat, LayerStat, LayerTable as Table } from '../diagState';
import { formatMetric, formatPercent } from '../format';

/** Outside this band a step barely moves a layer, or rewrites it (rule of thumb: about 1e-3). */
const RATIO_LOW = 1e-5;
const RATIO_HIGH = 1e-1;
/** More than this share of dead or saturated units is worth a look. */
const SHARE_HIGH = 0.5;

interface Row {
  name: string;
  kind: 'layer' | 'activation';
  layer: LayerStat | null;
  act: ActivationStat | null;
}

/** Layers in order with their activation's statistics beside them (same name); extra activations after. */
function rowsOf(t: Table): Row[] {
  const acts = new Map(t.activations.map((a) => [a.name, a]));
  const rows: Row[] = t.layers.map((l) => ({
    name: l.name,
    kind: 'layer',
    layer: l,
    act: acts.get(l.name) ?? null,
  }));
  const named = new Set(t.layers.map((l) => l.name));
  for (const a of t.activations)
    if (!named.has(a.name)) rows.push({ name: a.name, kind: 'activation', layer: null, act: a });
  return rows;
}

const attr = (v: number | undefined) => (v === undefined ? undefined : String(v));

interface CellProps {
  /** undefined: nothing to show here (no such statistic, or switched off). */
  value: number | undefined;
  isPercent?: boolean;
  isWarn?: boolean;
  why?: string;
}

function Cell({ value, isPercent = false, isWarn = false, why }: CellProps) {
  return (
    <td className={`num${isWarn ? ' cell-warn' : ''}`} title={isWarn ? why : undefined}>
      {isPercent ? formatPercent(value) : formatMetric(value)}
    </td>
  );
}

/** The newest per-layer numbers: gradient and weight norms, update ratio, activation statistics. */
export const LayerTable = memo(function LayerTable({
  table,
  isOn,
}: {
  table: Table | null;
  /** `diagnostics.layerStats`: when off, its columns say so rather than show NaN. */
  isOn: boolean;
}) {
  const rows = table ? rowsOf(table) : [];
  const off = (v: number | undefined) => (isOn ? v : undefined);
  return (
    <section
      className="panel layer-panel"
      data-testid="layer-table"
      data-layers={table?.layers.length ?? 0}
      data-activations={table?.activations.length ?? 0}
      data-step={table?.step}
    >
      <header className="panel-head">
        <h2>Layers{table ? <span className="sub"> at step {table.step}</span> : null}</h2>
      </header>
      {!table ? (
        <p className="empty table-empty">
          Per-layer norms and activation statistics appear here once training records a step.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="stat-table">
            <thead>
              <tr>
                <th scope="col">layer</th>
                <th scope="col" title="L2 norm of the layer's gradient">
                  ‖∇W‖
                </th>
                <th scope="col" title="L2 norm of the layer's weights">
                  ‖W‖
                </th>
                <th scope="col" title="Size of this step relative to the weights">
                  ‖ΔW‖/‖W‖
                </th>
                <th scope="col">act. mean</th>
                <th scope="col">act. std</th>
                <th scope="col" title="Units constant over the whole batch">
                  dead
                </th>
                <th scope="col" title="Values within 1% of a bounded activation's limits">
                  saturated
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ name, kind, layer, act }) => {
                const ratio = off(layer?.updateRatio);
                return (
                  <tr
                    key={`${kind}:${name}`}
                    data-testid="layer-row"
                    data-kind={kind}
                    data-layer={name}
                    data-grad-norm={attr(layer?.gradNorm)}
                    data-weight-norm={attr(layer?.weightNorm)}
                    data-update-ratio={attr(ratio)}
                    data-act-mean={attr(off(act?.mean))}
                    data-act-std={attr(off(act?.std))}
                    data-dead={attr(off(act?.dead))}
                    data-saturated={attr(off(act?.saturated))}
                  >
                    <th scope="row">{name}</th>
                    <Cell value={layer?.gradNorm} />
                    <Cell value={layer?.weightNorm} />
                    <Cell
                      value={ratio}
                      isWarn={ratio !== undefined && (ratio < RATIO_LOW || ratio > RATIO_HIGH)}
                      why="Far from the usual ~1e-3 per step"
                    />
                    <Cell value={off(act?.mean)} />
                    <Cell value={off(act?.std)} />
                    <Cell
                      value={off(act?.dead)}
                      isPercent
                      isWarn={(off(act?.dead) ?? 0) > SHARE_HIGH}
                      why="Most units are dead"
                    />
                    <Cell
                      value={off(act?.saturated)}
                      isPercent
                      isWarn={(off(act?.saturated) ?? 0) > SHARE_HIGH}
                      why="Most values sit at the activation's limits"
                    />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="caption">
        {isOn
          ? 'Newest record. Dead: share of units constant over the batch; saturated: tanh/sigmoid values within 1% of their limits (– for unbounded activations).'
          : 'Layer statistics are off (Diagnostics → Layer statistics): only the norms are shown.'}
      </p>
    </section>
  );
});
