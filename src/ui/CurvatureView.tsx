import { EceChart } from './charts/EceChart';
import { GapChart } from './charts/GapChart';
import { ReliabilityDiagram } from './charts/ReliabilityDiagram';
import { SharpnessChart } from './charts/SharpnessChart';
import type { LabState } from './state';
import { useStaggered } from './useStaggered';

/** The "Curvature & calibration" tab: sharpness vs 2/η, the generalization gap, calibration. */
export function CurvatureView({ lab }: { lab: LabState }) {
  const d = lab.diagnostics;
  const { sharpnessEvery, calibration } = lab.config.diagnostics;
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
      />
      <ReliabilityDiagram reliability={reliability} isOn={calibration} />
      <GapChart rows={gap.rows} />
      <EceChart rows={ece.rows} isOn={calibration} />
    </>
  );
}
