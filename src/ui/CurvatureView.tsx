import { useCallback } from 'react';
import type { ExperimentConfig } from '../config/schema';
import { EceChart } from './charts/EceChart';
import { GapChart } from './charts/GapChart';
import { ReliabilityDiagram } from './charts/ReliabilityDiagram';
import { SharpnessChart } from './charts/SharpnessChart';
import { sharpnessCostSteps, SUGGESTED_SHARPNESS_EVERY } from './sharpnessCost';
import type { LabState } from './state';
import { useStaggered } from './useStaggered';

/** The "Curvature & calibration" tab: sharpness vs 2/η, the generalization gap, calibration. */
export function CurvatureView({
  lab,
  onApplyConfig,
}: {
  lab: LabState;
  /** The config form's path (`commands.applyConfig`): diagnostics apply live to a running model. */
  onApplyConfig: (config: ExperimentConfig) => void;
}) {
  const d = lab.diagnostics;
  const { config } = lab;
  const { sharpnessEvery, calibration } = config.diagnostics;
  const turnSharpnessOn = useCallback(
    () =>
      onApplyConfig({
        ...config,
        diagnostics: { ...config.diagnostics, sharpnessEvery: SUGGESTED_SHARPNESS_EVERY },
      }),
    [config, onApplyConfig],
  );
  // Series objects change identity only when they gain rows, so unchanged charts are skipped.
  const [sharpness, gap, ece, reliability] = useStaggered([
    d.sharpness,
    d.gap,
    d.ece,
    d.reliability,
  ] as const);
  return (
    <>
      <SharpnessChart
        rows={sharpness.rows}
        optimizer={lab.config.optimizer.name}
        every={sharpnessEvery}
        costSteps={sharpnessCostSteps(config)}
        onTurnOn={turnSharpnessOn}
        isApplying={lab.applying}
      />
      <ReliabilityDiagram reliability={reliability} isOn={calibration} />
      <GapChart rows={gap.rows} />
      <EceChart rows={ece.rows} isOn={calibration} />
    </>
  );
}
