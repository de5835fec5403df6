import { useMemo } from 'react';
import { HeatmapChart } from './charts/HeatmapChart';
import { LayerTable } from './charts/LayerTable';
import { UpdateRatioChart } from './charts/UpdateRatioChart';
import type { LabState } from './state';
import { useStaggered } from './useStaggered';

/** The "Layers" tab: the newest per-layer numbers, update ratios over time, both heatmaps. */
export function LayersView({ lab }: { lab: LabState }) {
  const d = lab.diagnostics;
  const { layerStats, gradHistograms } = lab.config.diagnostics;
  const ratioView = useMemo(
    () => ({ layers: d.ratioLayers, rows: d.updateRatio.rows }),
    [d.ratioLayers, d.updateRatio],
  );
  // The Recharts chart and the two canvases refresh in turn, like the Training tab's charts.
  const [ratio, activations, gradients] = useStaggered([
    ratioView,
    d.activationHeatmap,
    d.gradientHeatmap,
  ] as const);
  return (
    <>
      <LayerTable table={d.layerTable} isOn={layerStats} />
      <UpdateRatioChart layers={ratio.layers} rows={ratio.rows} isOn={layerStats} />
      <HeatmapChart
        heatmap={activations}
        testId="heatmap-activation"
        title="Activation distribution over time"
        valueLabel="activation"
        empty="Hidden-layer activation histograms appear here, one column per record."
      />
      <HeatmapChart
        heatmap={gradients}
        testId="heatmap-gradient"
        title="Gradient distribution over time"
        valueLabel="log₁₀|g|"
        empty={
          gradHistograms
            ? 'Histograms of log₁₀|g| of every layer appear here, one column per record.'
            : 'Gradient histograms are off (Diagnostics → Gradient histograms).'
        }
      />
    </>
  );
}
