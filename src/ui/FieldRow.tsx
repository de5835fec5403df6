import { lazy, memo, Suspense, useRef, type KeyboardEvent } from 'react';
import type { Field, FieldPath, SelectOption } from './configForm';

// The explanations are long texts read on demand: loaded the first time an (i) is opened.
const InfoPanel = lazy(() => import('./InfoPanel').then((m) => ({ default: m.InfoPanel })));

interface Props {
  field: Field;
  id: string;
  value: string;
  /** The line under the control (see `hintOf`). */
  hint: string;
  /** A select's choices for the current draft (see `optionsOf`); empty for other fields. */
  options: readonly SelectOption[];
  error: string | undefined;
  changed: boolean;
  isInfoOpen: boolean;
  onChange(path: FieldPath, value: string): void;
  /** Opens this field's info, or closes any (null). */
  onInfo(path: FieldPath | null): void;
}

/** One labelled control, its hint or error, and an info button that explains the technique. */
export const FieldRow = memo(function FieldRow({
  field,
  id,
  value,
  hint,
  options,
  error,
  changed,
  isInfoOpen,
  onChange,
  onInfo,
}: Props) {
  const infoButton = useRef<HTMLButtonElement>(null);
  const noteId = `${id}-note`;
  const infoId = `${id}-info`;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !isInfoOpen) return;
    e.preventDefault();
    onInfo(null);
    infoButton.current?.focus();
  };

  return (
    <div
      className={`field field-${field.kind}${error ? ' invalid' : ''}${changed ? ' changed' : ''}`}
      onKeyDown={onKeyDown}
    >
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'select' ? (
        <select
          id={id}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={noteId}
          onChange={(e) => onChange(field.path, e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.info.label}
            </option>
          ))}
        </select>
      ) : field.kind === 'boolean' ? (
        <input
          id={id}
          type="checkbox"
          checked={value === 'true'}
          aria-describedby={noteId}
          onChange={(e) => onChange(field.path, String(e.target.checked))}
        />
      ) : (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          step={field.step}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={noteId}
          onChange={(e) => onChange(field.path, e.target.value)}
        />
      )}
      <button
        ref={infoButton}
        type="button"
        className="info-button"
        aria-label={`About ${field.label}`}
        aria-expanded={isInfoOpen}
        aria-controls={isInfoOpen ? infoId : undefined}
        onClick={() => onInfo(isInfoOpen ? null : field.path)}
      >
        i
      </button>
      {error ? (
        <p id={noteId} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id={noteId} className="hint">
          {hint}
        </p>
      )}
      {isInfoOpen && (
        <Suspense fallback={<p className="info-panel">Loading…</p>}>
          <InfoPanel id={infoId} field={field} value={value} />
        </Suspense>
      )}
    </div>
  );
});
