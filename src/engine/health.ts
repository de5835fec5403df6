/**
 * Training-health monitor: looks at one history record at a time and raises plain-language alerts
 * (LabEvents with source 'monitor') with the measured numbers and a remedy naming lab settings.
 * Pure host-side arithmetic on numbers already read back from the device: no tfjs, no DOM, so the
 * CLI, the worker and tests can all run it.
 */
import type { AlertKind, LabEvent } from '../events';

export interface HealthSample {
  step: number;
  /** Loss of the optimized objective on this step's minibatch (noisy). */
  lossBatch: number;
  /** Loss on a fixed training subset in evaluation mode (smooth). */
  lossTrain: number;
  lossVal: number;
  layerNames: string[]; // input → output order; last is the classifier head
  gradNorms: ArrayLike<number>; // per layer, L2 norm of the gradient (before clipping)
  activationNames: string[];
  /** Per activation: fraction of units constant over the batch (dead); null when not measured. */
  deadFraction: ArrayLike<number> | null;
  /** BatchNorm models: train-mode loss − eval-mode loss on the same examples; null otherwise. */
  bnGap: number | null;
}

export interface HealthOptions {
  /** Records of history before rules relative to running statistics may fire: 5 EMA updates. */
  warmupRecords: number;
  /** EMA weight of a new record: ~10 records (100 steps) of memory, long enough to ignore noise. */
  emaAlpha: number;
  /** Per-layer gradient jump over its running (geometric) level: 10× is far outside minibatch noise. */
  explodeFactor: number;
  /** Global gradient norm that is too large whatever the history: a mean loss rarely gives > 100. */
  gradCeiling: number;
  /** First layer / largest layer gradient ratio below which early layers effectively stop learning. */
  vanishRatio: number;
  /** Consecutive records of that ratio: one low record can be a lucky minibatch. */
  vanishRecords: number;
  /** A layer's gradient falling below running level / this: a collapse, not a slow decay. */
  collapseFactor: number;
  /** Dead fraction rise above the lowest seen for that activation: a fifth of the units lost. */
  deadRise: number;
  /** …and the dead fraction now: below 30% the layer still has most of its capacity. */
  deadLevel: number;
  /** lossTrain over its running level: the eval-mode loss is smooth, so doubling is not noise. */
  spikeFactor: number;
  /** Losses below this are compared as this: relative jumps of a near-zero loss mean nothing. */
  lossFloor: number;
  /** Records in the zig-zag window; at least window − 2 sign changes = every possible one. */
  oscillationWindow: number;
  /** Mean |Δloss| over mean loss for a zig-zag to count: below 5% it is noise on a plateau. */
  oscillationSwing: number;
  /** …above this it is a warning rather than info: the loss swings by a fifth every record. */
  oscillationWarnSwing: number;
  /** |bnGap| (nats) and |bnGap| / lossTrain both above these: batch and running stats disagree. */
  bnGapAbs: number;
  bnGapRel: number;
  /**
   * Records before the BatchNorm gap counts: running averages start at mean 0 / var 1 and with the
   * default model.normMomentum 0.99 take ~100 steps (10 records) to approach the batch statistics.
   */
  bnGapWarmupRecords: number;
  /** Quiet records before a rule may fire again for the same layer: no alert every record. */
  cooldown: number;
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = {
  warmupRecords: 5,
  emaAlpha: 0.1,
  explodeFactor: 10,
  gradCeiling: 1e3,
  vanishRatio: 1e-3,
  vanishRecords: 3,
  collapseFactor: 100,
  deadRise: 0.2,
  deadLevel: 0.3,
  spikeFactor: 2,
  lossFloor: 0.01,
  oscillationWindow: 8,
  oscillationSwing: 0.05,
  oscillationWarnSwing: 0.2,
  bnGapAbs: 0.5,
  bnGapRel: 0.5,
  bnGapWarmupRecords: 10,
  cooldown: 5,
};

/** Three significant digits: 0.0123, 45.6, 1.23e+4. */
const fmt = (x: number): string =>
  Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);
const pct = (f: number): string => `${fmt(100 * f)}%`;
/** Zero gradients (a fully dead layer) must not make the log −∞ and poison the running level. */
const safeLog = (x: number): number => Math.log(Math.max(x, 1e-30));
/** Index of the largest f(i) for i < n. */
const argMax = (n: number, f: (i: number) => number): number => {
  let best = 0;
  for (let i = 1; i < n; i++) if (f(i) > f(best)) best = i;
  return best;
};

const REMEDY: Record<AlertKind, string> = {
  nonFinite:
    'Rewind and retry with a lower optimizer.lr, regularization.clipNorm (e.g. 1) and an LR warm-up (optimizer.warmupSteps); model.norm: layer keeps activations bounded.',
  explodingGradients:
    'Clip the global gradient norm (regularization.clipNorm, e.g. 1–5), use a lower optimizer.lr or an LR warm-up (optimizer.warmupSteps), and normalize hidden layers (model.norm: layer or batch).',
  vanishingGradients:
    'Use a scale-preserving model.init (he for ReLU, glorot for tanh), model.norm: layer or batch, model.residual: true, or a non-saturating model.activation (relu, gelu).',
  deadUnits:
    'Units that are constant get no gradient and rarely come back. Try a lower optimizer.lr, model.activation: gelu, model.init: he, model.norm: batch before the activation, or regularization.clipNorm.',
  lossSpike:
    'Use a lower optimizer.lr or set regularization.clipNorm; an LR warm-up (optimizer.warmupSteps) or a penalty warm-up (regularization.warmupSteps) avoids early jolts.',
  oscillation:
    'The steps overshoot the valley: use a lower optimizer.lr, an LR decay (optimizer.schedule: cosine), or damp momentum overshoot with a smaller optimizer.momentum / beta1.',
  batchNormGap:
    'Use a larger training.batchSize, a lower model.normMomentum (running averages that follow the weights faster), model.norm: group or layer (no running statistics), or Batch Renorm (model.norm: renorm).',
};

type Alert = Omit<LabEvent, 'step' | 'source'>;
type Keyed = [key: string, alert: Alert];

/**
 * An alert under its de-duplication key. Dead units are per activation (layers die independently);
 * gradient trouble is keyed per rule, as one explosion shows up in every layer at once and the layer
 * with the largest jump may change from record to record.
 */
function alert(
  kind: AlertKind,
  title: string,
  detail: string,
  layer?: string,
  severity: LabEvent['severity'] = 'warning',
): Keyed {
  const key = kind === 'deadUnits' ? `${kind}:${layer}` : kind;
  const base = { kind, severity, title, detail, remedy: REMEDY[kind] };
  return [key, layer === undefined ? base : { ...base, layer }];
}

export class HealthMonitor {
  private readonly o: HealthOptions;
  /** Finite records seen before the current one. */
  private records = 0;
  private nonFiniteFired = false;
  /** Per layer: EMA of ln ‖g‖, a geometric running level (norms are skewed, jumps multiplicative). */
  private readonly logGrad = new Map<string, number>();
  private logLoss: number | null = null;
  private readonly deadMin = new Map<string, number>();
  private readonly losses: number[] = [];
  private lowRatioStreak = 0;
  /** Rule key (kind, or kind:layer) that fired → quiet records since its condition last held. */
  private readonly latched = new Map<string, number>();

  constructor(options: Partial<HealthOptions> = {}) {
    this.o = { ...DEFAULT_HEALTH_OPTIONS, ...options };
  }

  check(s: HealthSample): LabEvent[] {
    const grads = Array.from(s.gradNorms);
    const badLayers = s.layerNames.filter((_, i) => !Number.isFinite(grads[i]));
    if (!Number.isFinite(s.lossBatch) || !Number.isFinite(s.lossTrain) || badLayers.length > 0) {
      // Running statistics are left untouched, so a rewound run is judged against its healthy past.
      if (this.nonFiniteFired) return [];
      this.nonFiniteFired = true;
      const what = [`batch loss ${fmt(s.lossBatch)}`, `train loss ${fmt(s.lossTrain)}`];
      if (badLayers.length > 0) what.push(`non-finite gradient norm in ${badLayers.join(', ')}`);
      const detail = `${what.join('; ')}. Once a weight is NaN or infinite, every later step is too.`;
      const [, a] = alert(
        'nonFinite',
        'Training diverged (NaN/Inf)',
        detail,
        badLayers[0],
        'critical',
      );
      return [{ step: s.step, source: 'monitor', ...a }];
    }
    this.nonFiniteFired = false;

    const names = grads.map((_, i) => s.layerNames[i] ?? `layer ${i}`);
    const level = names.map((n) => this.logGrad.get(n)); // running ln-level, before this record
    const alerts: Keyed[] = [
      ...this.gradientRules(grads, names, level),
      ...this.deadRule(s),
      ...this.lossRules(s),
    ];

    // Update the running statistics only after judging this record against them. Until 1/α records
    // are in, the EMA is a plain mean, so the first record (maybe an outlier) does not dominate it.
    const a = Math.max(this.o.emaAlpha, 1 / (this.records + 1));
    const ema = (prev: number | undefined, x: number) =>
      prev === undefined ? x : prev + a * (x - prev);
    grads.forEach((g, i) => this.logGrad.set(names[i]!, ema(level[i], safeLog(g))));
    this.logLoss = ema(
      this.logLoss ?? undefined,
      Math.log(Math.max(s.lossTrain, this.o.lossFloor)),
    );
    this.records++;
    return this.deduplicate(s.step, alerts);
  }

  private get warm(): boolean {
    return this.records >= this.o.warmupRecords;
  }

  private gradientRules(grads: number[], names: string[], level: (number | undefined)[]): Keyed[] {
    const o = this.o;
    const n = grads.length;
    if (n === 0) return [];
    const out: Keyed[] = [];
    // ln(norm / running level): 0 for a layer without history.
    const logRatio = grads.map((g, i) => (level[i] === undefined ? 0 : safeLog(g) - level[i]!));
    const levelOf = (i: number): string => fmt(Math.exp(level[i] ?? safeLog(grads[i]!)));
    const global = Math.hypot(...grads);
    const up = argMax(n, (i) => logRatio[i]!);
    if ((this.warm && logRatio[up]! > Math.log(o.explodeFactor)) || global > o.gradCeiling) {
      // Without history, the layer with the largest jump is simply the largest one.
      const i = this.records === 0 ? argMax(n, (k) => grads[k]!) : up;
      const jump =
        this.records === 0
          ? ''
          : `, ${fmt(Math.exp(logRatio[i]!))}× its running level ${levelOf(i)}`;
      const ceiling = global > o.gradCeiling ? `, above the ceiling ${fmt(o.gradCeiling)}` : '';
      const detail = `Gradient norm of ${names[i]} is ${fmt(grads[i]!)}${jump}; global norm ${fmt(global)}${ceiling}. Steps this large throw the weights far from where the gradient was measured.`;
      out.push(alert('explodingGradients', `Exploding gradients in ${names[i]}`, detail, names[i]));
    }

    const top = argMax(n, (i) => grads[i]!);
    const ratio = grads[top]! > 0 ? grads[0]! / grads[top]! : 1;
    this.lowRatioStreak = n > 1 && ratio < o.vanishRatio ? this.lowRatioStreak + 1 : 0;
    const down = argMax(n, (i) => -logRatio[i]!);
    if (this.lowRatioStreak >= o.vanishRecords) {
      const detail = `Gradient norm of the first layer ${names[0]} is ${fmt(grads[0]!)}, ${fmt(ratio)} of the largest (${names[top]}: ${fmt(grads[top]!)}) for ${this.lowRatioStreak} records: the early layers barely move, so they stop learning and the last layers do all the work.`;
      out.push(alert('vanishingGradients', `Vanishing gradients in ${names[0]}`, detail, names[0]));
    } else if (this.warm && -logRatio[down]! > Math.log(o.collapseFactor)) {
      const detail = `Gradient norm of ${names[down]} fell to ${fmt(grads[down]!)}, 1/${fmt(Math.exp(-logRatio[down]!))} of its running level ${levelOf(down)}: this layer, and the layers before it, stop learning.`;
      out.push(
        alert('vanishingGradients', `Vanishing gradients in ${names[down]}`, detail, names[down]),
      );
    }
    return out;
  }

  /** A rise above the lowest fraction seen, so units that are constant from the start don't count. */
  private deadRule(s: HealthSample): Keyed[] {
    const dead = s.deadFraction;
    if (!dead) return [];
    const out: Keyed[] = [];
    s.activationNames.forEach((act, i) => {
      const d = dead[i];
      if (d === undefined || !Number.isFinite(d)) return;
      const min = Math.min(this.deadMin.get(act) ?? d, d);
      this.deadMin.set(act, min);
      if (!this.warm || d - min < this.o.deadRise || d < this.o.deadLevel) return;
      const detail = `${pct(d)} of the units of ${act} are constant over the whole batch, up from ${pct(min)}: they pass no gradient, so the layer has lost that much capacity.`;
      out.push(alert('deadUnits', `Dead units in ${act}`, detail, act));
    });
    return out;
  }

  private lossRules(s: HealthSample): Keyed[] {
    const o = this.o;
    const out: Keyed[] = [];
    const logLoss = Math.log(Math.max(s.lossTrain, o.lossFloor));
    if (this.warm && this.logLoss !== null && logLoss - this.logLoss > Math.log(o.spikeFactor)) {
      const avg = Math.exp(this.logLoss);
      const detail = `Training loss jumped to ${fmt(s.lossTrain)}, ${fmt(s.lossTrain / avg)}× its running level ${fmt(avg)}: an update overshot and undid part of the progress.`;
      out.push(alert('lossSpike', 'Loss spike', detail));
    }

    // A zig-zag: every successive difference flips sign, with swings well above plateau noise.
    this.losses.push(s.lossTrain);
    if (this.losses.length > o.oscillationWindow) this.losses.shift();
    if (this.warm && this.losses.length === o.oscillationWindow) {
      const d = this.losses.slice(1).map((l, i) => l - this.losses[i]!);
      const flips = d.slice(1).filter((x, i) => x * d[i]! < 0).length;
      const swing = d.reduce((acc, x) => acc + Math.abs(x), 0) / d.length;
      const mean = this.losses.reduce((acc, l) => acc + l, 0) / this.losses.length;
      const rel = mean > 0 ? swing / mean : 0;
      if (flips >= o.oscillationWindow - 2 && rel > o.oscillationSwing) {
        const detail = `Over the last ${o.oscillationWindow} records the training loss changed direction ${flips} times, moving ${fmt(swing)} per record on average (${pct(rel)} of its mean ${fmt(mean)}): a zig-zag across the valley rather than noise.`;
        const severity = rel > o.oscillationWarnSwing ? 'warning' : 'info';
        out.push(alert('oscillation', 'Loss oscillates', detail, undefined, severity));
      }
    }

    const gap = s.bnGap ?? NaN;
    const settled = this.records >= o.bnGapWarmupRecords;
    if (settled && Math.abs(gap) > o.bnGapAbs && Math.abs(gap) > o.bnGapRel * s.lossTrain) {
      const detail = `Train-mode minus eval-mode loss is ${fmt(gap)}, ${pct(Math.abs(gap) / s.lossTrain)} of the eval-mode training loss ${fmt(s.lossTrain)}: the running statistics used at evaluation disagree with the batch statistics used in training (tiny or non-iid batches, or a normMomentum too high for how fast the weights move).`;
      out.push(alert('batchNormGap', 'BatchNorm train/eval gap', detail));
    }
    return out;
  }

  /** A key fires when not latched; it unlatches after `cooldown` records without its condition. */
  private deduplicate(step: number, alerts: Keyed[]): LabEvent[] {
    const active = new Set(alerts.map(([key]) => key));
    for (const [key, quiet] of this.latched) {
      if (active.has(key)) this.latched.set(key, 0);
      else if (quiet + 1 >= this.o.cooldown) this.latched.delete(key);
      else this.latched.set(key, quiet + 1);
    }
    const fresh = alerts.filter(([key]) => !this.latched.has(key));
    for (const [key] of fresh) this.latched.set(key, 0);
    return fresh.map(([, a]) => ({ step, source: 'monitor', ...a }));
  }
}
