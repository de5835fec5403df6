/**
 * A copy of the training state on the device (weights, running statistics, optimizer state), so
 * a diverged run can be rewound to its last finite point instead of ending.
 */
import * as tf from '@tensorflow/tfjs';

export class Checkpoint {
  private readonly saved: Map<tf.Variable, tf.Tensor>;

  constructor(
    vars: tf.Variable[],
    /** The step whose weights these are. */
    readonly step: number,
    /** Host-side state to put back with the tensors (e.g. the optimizer's update count). */
    private readonly restoreHost: () => void = () => {},
  ) {
    this.saved = new Map(vars.map((v) => [v, tf.clone(v)]));
  }

  /** Assigns the saved values back; variables created after the snapshot are left as they are. */
  restore(): void {
    this.saved.forEach((value, v) => v.assign(value));
    this.restoreHost();
  }

  dispose(): void {
    this.saved.forEach((t) => t.dispose());
    this.saved.clear();
  }
}
