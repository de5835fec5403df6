import { memo, useId, useMemo, useState, type FormEvent } from 'react';
import type { ExperimentConfig } from '../config/schema';
import {
  configToDraft,
  draftToConfig,
  FIELD_GROUPS,
  type Draft,
  type Field,
  type FieldKey,
} from './configForm';

interface Props {
  /** The config the worker runs; the draft starts from it (the parent re-keys on change). */
  config: ExperimentConfig;
  applying: boolean;
  notice: string | null;
  onApply(config: ExperimentConfig): void;
}

function sameDraft(a: Draft, b: Draft): boolean {
  return (Object.keys(a) as FieldKey[]).every((k) => a[k] === b[k]);
}

/** The experiment form: every control labelled, validated by the config schema as you type. */
export const ConfigPanel = memo(function ConfigPanel({ config, applying, notice, onApply }: Props) {
  const base = useMemo(() => configToDraft(config), [config]);
  const [draft, setDraft] = useState<Draft>(base);
  const result = useMemo(() => draftToConfig(draft, config), [draft, config]);
  const dirty = !sameDraft(draft, base);
  const errors = result.ok ? {} : result.errors;
  const formId = useId();

  const set = (key: FieldKey, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (result.ok && dirty && !applying) onApply(result.config);
  };

  return (
    <form className="config" onSubmit={submit} noValidate aria-describedby={`${formId}-status`}>
      {FIELD_GROUPS.map((group) => (
        <fieldset key={group.title}>
          <legend>{group.title}</legend>
          {group.fields.map((f) => (
            <FieldRow
              key={f.key}
              field={f}
              id={`${formId}-${f.key}`}
              value={draft[f.key]}
              error={errors[f.key]}
              changed={draft[f.key] !== base[f.key]}
              onChange={set}
            />
          ))}
        </fieldset>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!dirty || !result.ok || applying}>
          Apply
        </button>
        <button type="button" disabled={!dirty} onClick={() => setDraft(base)}>
          Revert
        </button>
        <span id={`${formId}-status`} className="form-status" aria-live="polite">
          {!result.ok
            ? 'Fix the marked fields to apply.'
            : dirty
              ? 'Unapplied changes.'
              : (notice ?? '')}
        </span>
      </div>
    </form>
  );
});

interface RowProps {
  field: Field;
  id: string;
  value: string;
  error: string | undefined;
  changed: boolean;
  onChange(key: FieldKey, value: string): void;
}

function FieldRow({ field, id, value, error, changed, onChange }: RowProps) {
  const describedBy = `${id}-note`;
  const hint =
    field.kind === 'select'
      ? (field.options.find((o) => o.value === value)?.info.description ?? '')
      : field.hint;
  return (
    <div className={`field${error ? ' invalid' : ''}${changed ? ' changed' : ''}`}>
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'select' ? (
        <select
          id={id}
          value={value}
          aria-describedby={describedBy}
          onChange={(e) => onChange(field.key, e.target.value)}
        >
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.info.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          step={field.step}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(field.key, e.target.value)}
        />
      )}
      {error ? (
        <p id={describedBy} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id={describedBy} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
