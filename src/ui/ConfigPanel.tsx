import {
  memo,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { needsRebuild } from '../config/live';
import { defaultConfig, type ExperimentConfig } from '../config/schema';
import {
  changedPaths,
  configToDraft,
  draftToConfig,
  FIELD_GROUPS,
  hintOf,
  isFieldShown,
  optionsOf,
  setDraftValue,
  type Draft,
  type FieldErrors,
  type FieldGroup,
  type FieldPath,
} from './configForm';
import { ConfirmDialog } from './ConfirmDialog';
import { FieldRow } from './FieldRow';

interface Props {
  /** The config the worker runs; the draft starts from it again whenever it changes. */
  config: ExperimentConfig;
  applying: boolean;
  notice: string | null;
  onApply(config: ExperimentConfig): void;
  /** Whether the current model has trained (a rebuild would throw that work away). Read on Apply. */
  hasProgress(): boolean;
}

export const RESET_QUESTION =
  'This change needs a new model: training restarts from step 0. Apply and reset?';

const DEFAULT_DRAFT = configToDraft(defaultConfig());

/** Collapsed groups start open when one of their fields is set away from its default. */
function initiallyOpen(draft: Draft): Record<string, boolean> {
  return Object.fromEntries(
    FIELD_GROUPS.filter((g) => g.isCollapsible).map((g) => [
      g.title,
      g.fields.some((f) => draft[f.path] !== DEFAULT_DRAFT[f.path]),
    ]),
  );
}

/**
 * The experiment form: every config field, labelled and explained, validated by the config schema
 * as you type. Live changes apply at once; changes that need a new model ask first when the
 * current model has trained.
 */
export const ConfigPanel = memo(function ConfigPanel({
  config,
  applying,
  notice,
  onApply,
  hasProgress,
}: Props) {
  const base = useMemo(() => configToDraft(config), [config]);
  const [draft, setDraft] = useState<Draft>(base);
  // A new config from the worker (applied, live or rebuilt) starts a fresh draft; the form
  // itself stays mounted, so open groups and focus survive.
  const [draftBase, setDraftBase] = useState(base);
  if (draftBase !== base) {
    setDraftBase(base);
    setDraft(base);
  }
  const [open, setOpen] = useState(() => initiallyOpen(base));
  const [infoPath, setInfoPath] = useState<FieldPath | null>(null);
  const [pending, setPending] = useState<ExperimentConfig | null>(null);
  const result = useMemo(() => draftToConfig(draft, config), [draft, config]);
  const changed = useMemo(() => new Set(changedPaths(draft, base)), [draft, base]);
  const dirty = changed.size > 0;
  const isRebuild = result.ok && needsRebuild(config, result.config);
  const errors: FieldErrors = result.ok ? {} : result.errors;
  const formId = useId();
  const configJson = useMemo(() => JSON.stringify(config), [config]);
  const applyButton = useRef<HTMLButtonElement>(null);

  // Choosing a dataset or an architecture also brings the sizes that suit it (`setDraftValue`).
  const set = useCallback(
    (path: FieldPath, value: string) => setDraft((d) => setDraftValue(d, path, value, config)),
    [config],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!result.ok || !dirty || applying) return;
    if (isRebuild && hasProgress()) setPending(result.config);
    else onApply(result.config);
  };

  const status = !result.ok
    ? 'Fix the marked fields to apply.'
    : dirty
      ? `Unapplied changes: ${isRebuild ? 'they need a new model.' : 'they apply live.'}`
      : (notice ?? '');

  return (
    <>
      <form
        className="config"
        onSubmit={submit}
        noValidate
        aria-describedby={`${formId}-status`}
        data-testid="config-panel"
        // The config the worker runs, for tests and tools: what the URL and "Copy link" share.
        data-config={configJson}
      >
        {FIELD_GROUPS.map((group) => (
          <Group
            key={group.title}
            group={group}
            isOpen={open[group.title] ?? true}
            onToggle={(isOpen) => setOpen((o) => ({ ...o, [group.title]: isOpen }))}
            draft={draft}
            errors={errors}
          >
            {group.fields
              .filter((f) => isFieldShown(f, draft, errors))
              .map((f) => (
                <FieldRow
                  key={f.path}
                  field={f}
                  id={`${formId}-${f.path}`}
                  value={draft[f.path]}
                  hint={hintOf(f, draft)}
                  options={optionsOf(f, draft)}
                  error={errors[f.path]}
                  changed={changed.has(f.path)}
                  isInfoOpen={infoPath === f.path}
                  onChange={set}
                  onInfo={setInfoPath}
                />
              ))}
          </Group>
        ))}
        <div className="form-actions">
          <button
            ref={applyButton}
            type="submit"
            className="primary"
            disabled={!dirty || !result.ok || applying}
          >
            Apply
          </button>
          <button type="button" disabled={!dirty} onClick={() => setDraft(base)}>
            Revert
          </button>
          <CopyLinkButton />
          <span id={`${formId}-status`} className="form-status" aria-live="polite">
            {status}
          </span>
        </div>
      </form>
      {pending && (
        <ConfirmDialog
          title="Start a new model?"
          message={RESET_QUESTION}
          confirmLabel="Apply & reset"
          onConfirm={() => {
            setPending(null);
            onApply(pending);
          }}
          // The draft stays as edited, and the running model keeps training.
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
});

/** How long "Copied" stays next to the button. */
const COPIED_MS = 2500;

/**
 * Copies the page's address, which holds the applied config (not unapplied edits) since every
 * confirmed config is written to the URL.
 */
function CopyLinkButton() {
  // An object, so a second click restarts the timer even when the text is the same.
  const [message, setMessage] = useState<{ text: string } | null>(null);
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(() => setMessage(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [message]);
  const copy = () => {
    const fallback = { text: 'Clipboard unavailable: copy the address bar to share.' };
    // `navigator.clipboard` is missing outside secure contexts (plain http on another host).
    if (!navigator.clipboard) {
      setMessage(fallback);
      return;
    }
    navigator.clipboard.writeText(window.location.href).then(
      () => setMessage({ text: 'Copied' }),
      () => setMessage(fallback),
    );
  };
  return (
    <>
      <button
        type="button"
        onClick={copy}
        title="Copy this page's address: it holds the applied config (unapplied edits are not in it)"
      >
        Copy link
      </button>
      <span className="copy-status" aria-live="polite" data-testid="copy-status">
        {message?.text}
      </span>
    </>
  );
}

interface GroupProps {
  group: FieldGroup;
  isOpen: boolean;
  onToggle(isOpen: boolean): void;
  draft: Draft;
  errors: FieldErrors;
  children: ReactNode;
}

/** A fieldset, or for rarely used groups a <details> that says how many of its fields are set. */
function Group({ group, isOpen, onToggle, draft, errors, children }: GroupProps) {
  if (!group.isCollapsible) {
    return (
      <fieldset>
        <legend>{group.title}</legend>
        {children}
      </fieldset>
    );
  }
  const setCount = group.fields.filter((f) => draft[f.path] !== DEFAULT_DRAFT[f.path]).length;
  const hasError = group.fields.some((f) => errors[f.path] !== undefined);
  return (
    <details
      className="field-group"
      open={isOpen || hasError}
      onToggle={(e) => onToggle(e.currentTarget.open)}
    >
      <summary>
        {group.title}
        {setCount > 0 && <span className="summary-note"> · {setCount} set</span>}
      </summary>
      <div className="field-group-body">{children}</div>
    </details>
  );
}
