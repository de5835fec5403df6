import { isRebuildPath, type Field } from './configForm';
import { CHOICE_INFO, FIELD_INFO, type TechniqueInfo } from './techniqueInfo';

interface Props {
  id: string;
  field: Field;
  /** The field's current draft value: a select also explains the chosen option. */
  value: string;
}

/** The explanation under a field: what it does, its formula, when to use it, its source. */
export function InfoPanel({ id, field, value }: Props) {
  const choice = field.kind === 'select' ? CHOICE_INFO[field.path]?.[value] : undefined;
  const choiceLabel =
    field.kind === 'select' ? field.options.find((o) => o.value === value)?.info.label : undefined;
  return (
    <section id={id} className="info-panel" role="region" aria-label={`About ${field.label}`}>
      <Technique info={FIELD_INFO[field.path]} />
      {choice && (
        <div className="info-choice">
          <h3>{choiceLabel}</h3>
          <Technique info={choice} />
        </div>
      )}
      <p className="info-live">
        {isRebuildPath(field.path)
          ? 'Changing it needs a new model: training restarts from step 0.'
          : 'Applies live while training.'}
      </p>
    </section>
  );
}

function Technique({ info }: { info: TechniqueInfo }) {
  return (
    <>
      <p className="info-what">{info.what}</p>
      <dl>
        {info.formula && (
          <div>
            <dt>Formula</dt>
            <dd>
              <code className="info-formula">{info.formula}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>When</dt>
          <dd>{info.when}</dd>
        </div>
        {info.source && (
          <div>
            <dt>Source</dt>
            <dd>{info.source}</dd>
          </div>
        )}
      </dl>
    </>
  );
}
