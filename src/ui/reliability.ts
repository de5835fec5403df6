/** The reliability diagram's numbers: per-bin accuracy and confidence, and the ECE they give. */
import type { Reliability } from '../protocol';

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean top-class confidence and accuracy of the bin's examples; null for an empty bin. */
  confidence: number | null;
  accuracy: number | null;
}

export interface ReliabilitySummary {
  bins: ReliabilityBin[];
  total: number;
  /** Σ (n_b/N)·|acc_b − conf_b| = Σ |correct_b − confSum_b| / N: the same number the engine reports. */
  ece: number | null;
}

export function summarize(r: Reliability): ReliabilitySummary {
  const B = r.count.length;
  let total = 0;
  let gap = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < B; b++) {
    const count = r.count[b]!;
    const conf = r.confSum[b]!;
    const correct = r.correctSum[b]!;
    total += count;
    gap += Math.abs(correct - conf);
    bins.push({
      from: b / B,
      to: (b + 1) / B,
      count,
      confidence: count > 0 ? conf / count : null,
      accuracy: count > 0 ? correct / count : null,
    });
  }
  return { bins, total, ece: total > 0 ? gap / total : null };
}
