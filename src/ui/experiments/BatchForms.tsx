/**
 * The two ways to start a batch from the lab's current config: repeat it over seeds, or sweep one
 * or two settings. Problems are listed by field before anything is sent to the worker.
 */
import { useId, useState, type ReactNode } from 'react';
import type { ExperimentConfig } from '../../config/schema';
import { MAX_SEEDS } from '../../config/sweep';
import type { BatchJob } from '../../protocol';
import {
  MAX_BATCH_RUNS,
  parseAxisValues,
  seedRepeatJobs,
  SWEEP_FIELDS,
  sweepJobs,
  type PlanOutcome,
} from './planBatch';

interface FormProps {
  config: ExperimentConfig;
  busy: boolean;
  onStart(jobs: BatchJob[], label: string): void;
}

function Problems({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="batch-errors" role="alert" data-testid="batch-errors">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

function SeedCount(props: {
  label: string;
  min: number;
  value: string;
  onChange(v: string): void;
}) {
  return (
    <label className="inline-field">
      {props.label}
      <input
        type="number"
        min={props.min}
        max={MAX_SEEDS}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/**
 * The shell both forms share: title, hint, their fields, the submit button and the problems.
 * `plan` builds the jobs on submit; a refusal lists its errors and sends nothing.
 */
function BatchForm(props: {
  title: string;
  hint: ReactNode;
  submitLabel: string;
  busy: boolean;
  plan(batchId: string): PlanOutcome;
  onStart: FormProps['onStart'];
  children: ReactNode;
}) {
  const id = useId();
  const [errors, setErrors] = useState<string[]>([]);
  return (
    <form
      className="batch-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const outcome = props.plan(crypto.randomUUID());
        if (!outcome.ok) return setErrors(outcome.errors);
        setErrors([]);
        props.onStart(outcome.jobs, outcome.jobs[0]!.group.label);
      }}
    >
      <h3 id={`${id}-title`}>{props.title}</h3>
      <p className="hint">{props.hint}</p>
      {props.children}
      <button type="submit" disabled={props.busy}>
        {props.submitLabel}
      </button>
      <Problems errors={errors} />
    </form>
  );
}

export function SeedRepeatForm({ config, busy, onStart }: FormProps) {
  const [count, setCount] = useState('3');
  const n = Number(count);
  return (
    <BatchForm
      title="Repeat over seeds"
      hint={`The current config with seeds ${config.seed}, ${config.seed + 1}, …: how much of a difference is noise? Each run trains ${config.training.steps} steps.`}
      submitLabel={`Repeat over ${Number.isInteger(n) && n > 0 ? n : '…'} seeds`}
      busy={busy}
      plan={(id) => seedRepeatJobs(config, n, id)}
      onStart={onStart}
    >
      <SeedCount label="Seeds" min={2} value={count} onChange={setCount} />
    </BatchForm>
  );
}

interface AxisState {
  path: string;
  values: string;
}

function AxisFields({
  n,
  axis,
  optional,
  onChange,
}: {
  n: number;
  axis: AxisState;
  optional: boolean;
  onChange(a: AxisState): void;
}) {
  const field = SWEEP_FIELDS.find((f) => f.path === axis.path);
  return (
    <fieldset className="axis-fields">
      <legend>Axis {n}</legend>
      <label className="inline-field">
        Setting
        <select value={axis.path} onChange={(e) => onChange({ ...axis, path: e.target.value })}>
          {optional && <option value="">(none)</option>}
          {SWEEP_FIELDS.map((f) => (
            <option key={f.path} value={f.path}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      {axis.path && (
        <label className="inline-field">
          Values (comma-separated)
          <input
            type="text"
            value={axis.values}
            placeholder={field?.example}
            onChange={(e) => onChange({ ...axis, values: e.target.value })}
          />
        </label>
      )}
    </fieldset>
  );
}

export function SweepForm({ config, busy, onStart }: FormProps) {
  const [a1, setA1] = useState<AxisState>({ path: 'regularization.l2', values: '0, 0.001' });
  const [a2, setA2] = useState<AxisState>({ path: 'model.norm', values: 'none, layer' });
  const [seeds, setSeeds] = useState('1');
  const axes = [a1, a2]
    .filter((a) => a.path)
    .map((a) => ({ path: a.path, values: parseAxisValues(a.path, a.values) }));
  const runCount = axes.reduce((n, a) => n * a.values.length, 1) * (Number(seeds) || 0);
  return (
    <BatchForm
      title="Sweep"
      hint={`One or two settings over the current config; each cell trains ${config.training.steps} steps. At most ${MAX_BATCH_RUNS} runs.`}
      submitLabel={`Run sweep (${runCount} run${runCount === 1 ? '' : 's'})`}
      busy={busy}
      plan={(id) => sweepJobs(config, axes, Number(seeds), id)}
      onStart={onStart}
    >
      <AxisFields n={1} axis={a1} optional={false} onChange={setA1} />
      <AxisFields n={2} axis={a2} optional onChange={setA2} />
      <SeedCount label="Seeds per cell" min={1} value={seeds} onChange={setSeeds} />
    </BatchForm>
  );
}
