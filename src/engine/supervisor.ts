/**
 * Watches a Trainer's records: runs the health monitor, and (when the user opted in) the adaptive
 * controllers — learning-rate back-off on loss spikes, a weight-decay controller driven by the
 * generalization gap, rewind to the last finite checkpoint on divergence, and reports of the
 * percentile clipper's work. Every action is a LabEvent with its reason. The CLI run and the
 * browser worker both drive training through this, so they behave the same.
 */
import type { ExperimentConfig } from '../config/schema';
import type { LabEvent } from '../events';
import type { Checkpoint } from './checkpoint';
import { HealthMonitor } from './health';
import type { StepRecord, Trainer } from './trainer';

/** A run that keeps diverging after this many rewinds is given up: the problem is not transient. */
export const MAX_REWINDS = 5;
/** Records of history before the spike and gap controllers act (their running averages settle). */
const CONTROLLER_WARMUP = 5;
/** Running averages of the training loss and of the gap: ~5 records of memory. */
const EMA_ALPHA = 0.2;
/** The decay controller moves L2 by this factor, at most once per DECAY_EVERY records. */
const DECAY_STEP = 1.5;
const DECAY_EVERY = 5;
/** L2 strength the controller starts from when the config has none. */
const DECAY_START = 1e-4;
const DECAY_MIN = 1e-6;
const DECAY_MAX = 1;
/** Back-offs compound; below this fraction of the scheduled rate training has effectively stopped. */
const MIN_LR_SCALE = 1e-3;

export interface RecordVerdict {
  events: LabEvent[];
  /** The run cannot go on: non-finite loss and no rewind available. */
  diverged: boolean;
}

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x));

export function isNonFinite(r: Pick<StepRecord, 'lossBatch' | 'lossTrain'>): boolean {
  return !Number.isFinite(r.lossBatch) || !Number.isFinite(r.lossTrain);
}

const allFinite = (xs: ArrayLike<number>) => Array.prototype.every.call(xs, Number.isFinite);

/**
 * Whether a record's verdict may arrive a few steps after the record was taken. Only the
 * controllers (rewind, learning-rate back-off, decay control) change training from a record; with
 * them off the supervisor only reports, so training is the same whenever a record is handled, and
 * the worker reads records back while it keeps training.
 */
export function canDeferRecords(config: ExperimentConfig): boolean {
  const { rewind, lrBackoff, decayControl } = config.adaptive;
  return !rewind && !lrBackoff && !decayControl;
}

export class Supervisor {
  private monitor = new HealthMonitor();
  private checkpoint: Checkpoint | null = null;
  private rewinds = 0;
  private records = 0;
  private lossEma = NaN;
  private gapEma = NaN;
  private lastDecayChange = -Infinity;
  private clipReportedAt = -1;
  private clippedSinceReport = 0;
  private clipActive = false;

  constructor(
    private readonly trainer: Trainer,
    private config: ExperimentConfig,
  ) {}

  setConfig(config: ExperimentConfig): void {
    this.config = config;
    if (!config.adaptive.decayControl) this.trainer.controls.l2 = null;
  }

  /** Call after every record, in step order. May rewind the trainer's weights. */
  afterRecord(rec: StepRecord): RecordVerdict {
    const { diagnostics, adaptive } = this.config;
    const events: LabEvent[] = diagnostics.monitor ? this.monitor.check(this.sample(rec)) : [];
    this.records += 1;
    if (isNonFinite(rec)) {
      const rewound = adaptive.rewind ? this.rewind(rec.step) : null;
      if (rewound) events.push(rewound);
      return { events, diverged: rewound === null };
    }
    // Only healthy records become the rewind point. A finite loss with an overflowing gradient or
    // weight norm, or a training loss already spiking above its running average, is usually the
    // record just before the NaN: rewinding there fails again, so the previous checkpoint is kept.
    const spiking =
      Number.isFinite(this.lossEma) && rec.lossTrain > adaptive.spikeFactor * this.lossEma;
    if (adaptive.rewind && !spiking && allFinite(rec.gradNorms) && allFinite(rec.weightNorms)) {
      this.checkpoint?.dispose();
      this.checkpoint = this.trainer.checkpoint();
    }
    if (adaptive.lrBackoff) this.backOffOnSpike(rec, events);
    if (adaptive.decayControl) this.controlDecay(rec, events);
    this.reportClipping(rec, events);
    this.lossEma = Number.isFinite(this.lossEma)
      ? this.lossEma + EMA_ALPHA * (rec.lossTrain - this.lossEma)
      : rec.lossTrain;
    return { events, diverged: false };
  }

  dispose(): void {
    this.checkpoint?.dispose();
    this.checkpoint = null;
  }

  private sample(rec: StepRecord) {
    return {
      step: rec.step,
      lossBatch: rec.lossBatch,
      lossTrain: rec.lossTrain,
      lossVal: rec.lossVal,
      layerNames: this.trainer.layerNames,
      gradNorms: rec.gradNorms,
      activationNames: this.trainer.hiddenNames,
      deadFraction: rec.activationStats?.dead ?? null,
      bnGap: rec.bnGap,
    };
  }

  private rewind(step: number): LabEvent | null {
    const cp = this.checkpoint;
    if (!cp || this.rewinds >= MAX_REWINDS) return null;
    cp.restore();
    this.rewinds += 1;
    const c = this.trainer.controls;
    c.lrScale *= this.config.adaptive.backoffFactor;
    // The loss average belongs to the weights before the blow-up, which are the ones restored.
    return {
      step,
      kind: 'rewind',
      source: 'controller',
      severity: 'critical',
      title: `Rewound to step ${cp.step} after divergence`,
      detail:
        `The loss became non-finite by step ${step}. Weights, normalization statistics and optimizer state ` +
        `were restored from step ${cp.step}, the last healthy record (rewind ${this.rewinds} of at most ${MAX_REWINDS}).`,
      remedy: `Learning rate scaled by ${fmt(this.config.adaptive.backoffFactor)} (now ${fmt(c.lrScale)}× the schedule); training continues.`,
    };
  }

  private backOffOnSpike(rec: StepRecord, events: LabEvent[]): void {
    const { spikeFactor, backoffFactor } = this.config.adaptive;
    if (this.records <= CONTROLLER_WARMUP || !(rec.lossTrain > spikeFactor * this.lossEma)) return;
    const c = this.trainer.controls;
    if (c.lrScale * backoffFactor < MIN_LR_SCALE) return;
    c.lrScale *= backoffFactor;
    events.push({
      step: rec.step,
      kind: 'lrBackoff',
      source: 'controller',
      severity: 'warning',
      title: 'Learning rate backed off after a loss spike',
      detail: `Training loss ${fmt(rec.lossTrain)} is ${fmt(rec.lossTrain / this.lossEma)}× its running average ${fmt(this.lossEma)} (trigger: ${fmt(spikeFactor)}×).`,
      remedy: `Learning rate scaled by ${fmt(backoffFactor)}: now ${fmt(c.lrScale)}× the schedule (${fmt(rec.lr * backoffFactor)}).`,
    });
  }

  private controlDecay(rec: StepRecord, events: LabEvent[]): void {
    const gap = rec.lossVal - rec.lossTrain;
    this.gapEma = Number.isFinite(this.gapEma)
      ? this.gapEma + EMA_ALPHA * (gap - this.gapEma)
      : gap;
    if (this.records <= CONTROLLER_WARMUP || this.records - this.lastDecayChange < DECAY_EVERY)
      return;
    const target = this.config.adaptive.gapTarget;
    const c = this.trainer.controls;
    const current = c.l2 ?? this.config.regularization.l2;
    let next = current;
    if (this.gapEma > target)
      next = Math.min(DECAY_MAX, current > 0 ? current * DECAY_STEP : DECAY_START);
    else if (this.gapEma < target / 2 && current > 0)
      next = current / DECAY_STEP < DECAY_MIN ? 0 : current / DECAY_STEP;
    if (next === current) return;
    c.l2 = next;
    this.lastDecayChange = this.records;
    const up = next > current;
    events.push({
      step: rec.step,
      kind: 'decay',
      source: 'controller',
      severity: 'info',
      title: up
        ? 'Weight penalty raised: the model is overfitting'
        : 'Weight penalty lowered: the gap is small',
      detail:
        `Generalization gap (validation − training loss, running average) is ${fmt(this.gapEma)}, ` +
        `${up ? 'above' : 'below half of'} the target ${fmt(target)}.`,
      remedy: `L2 strength ${fmt(current)} → ${fmt(next)}.`,
    });
  }

  /**
   * The clipper acts on the device every step; its work is reported when it starts and then as
   * one summary per window, so the timeline shows every clipped step without an event per record.
   */
  private reportClipping(rec: StepRecord, events: LabEvent[]): void {
    const a = this.config.adaptive;
    if (!a.clip || rec.clipThreshold === null) return;
    this.clippedSinceReport += rec.clippedSteps;
    const first = !this.clipActive;
    this.clipActive = true;
    if (!first && rec.step - this.clipReportedAt < a.clipWindow) return;
    if (!first && this.clippedSinceReport === 0) return;
    const since = first ? rec.step - a.clipWindow : this.clipReportedAt;
    events.push({
      step: rec.step,
      kind: 'clip',
      source: 'controller',
      severity: 'info',
      title: first ? 'Adaptive clipping is active' : `Clipped ${this.clippedSinceReport} steps`,
      detail: first
        ? `The window of ${a.clipWindow} gradient norms is full; the threshold is their ${fmt(a.clipPercentile)}th percentile, ${fmt(rec.clipThreshold)}.`
        : `${this.clippedSinceReport} of the steps since step ${since} had a global gradient norm above the running ${fmt(a.clipPercentile)}th percentile (now ${fmt(rec.clipThreshold)}).`,
      remedy: 'Those gradients were scaled down to the threshold before the update.',
    });
    this.clipReportedAt = rec.step;
    this.clippedSinceReport = 0;
  }
}
