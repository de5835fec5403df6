import { memo, useMemo, useState } from 'react';
import type { LabEvent } from '../events';
import { SEVERITY_COLOR } from './format';

type SourceFilter = 'all' | LabEvent['source'];

const FILTERS: { value: SourceFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'monitor', label: 'Alerts' },
  { value: 'controller', label: 'Controller actions' },
];

interface Props {
  events: readonly LabEvent[];
  /** Every event of the run, including those dropped from the list. */
  eventCount: number;
  isMonitorOn: boolean;
}

function EventItem({ e }: { e: LabEvent }) {
  const isAction = e.source === 'controller';
  return (
    <li
      className={`event event-${e.severity}`}
      data-testid="event-item"
      data-step={e.step}
      data-severity={e.severity}
      data-source={e.source}
      data-kind={e.kind}
      style={{ borderLeftColor: SEVERITY_COLOR[e.severity] }}
    >
      <div className="event-head">
        <span className="event-step num">step {e.step}</span>
        <span className="event-severity" style={{ color: SEVERITY_COLOR[e.severity] }}>
          {e.severity}
        </span>
        <span className="event-source">{isAction ? 'controller' : 'monitor'}</span>
        <strong className="event-title">{e.title}</strong>
        {e.layer && <span className="chip">{e.layer}</span>}
      </div>
      <p className="event-detail">{e.detail}</p>
      {e.remedy && (
        <p className="event-remedy" data-testid="event-remedy">
          <span className="event-remedy-label">{isAction ? 'Changed:' : 'Try:'}</span> {e.remedy}
        </p>
      )}
    </li>
  );
}

/** The timeline of health alerts and controller actions, newest first. */
export const EventList = memo(function EventList({ events, eventCount, isMonitorOn }: Props) {
  const [filter, setFilter] = useState<SourceFilter>('all');
  const dropped = eventCount - events.length;
  // Keys by position in the whole run, which never changes for an event (list indices do).
  const shown = useMemo(
    () =>
      events
        .map((e, i) => ({ e, id: dropped + i }))
        .filter(({ e }) => filter === 'all' || e.source === filter)
        .reverse(),
    [events, filter, dropped],
  );
  return (
    <section className="panel wide events-panel">
      <header className="panel-head">
        <h2>
          Events<span className="sub"> newest first</span>
        </h2>
        <div className="segmented" role="group" aria-label="Filter by source">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => setFilter(f.value)}
            >
              {f.label}
            </button>
          ))}
        </div>
      </header>
      <ol
        className="event-list"
        data-testid="events-list"
        data-count={shown.length}
        data-total={eventCount}
        aria-label="Events"
      >
        {shown.map(({ e, id }) => (
          <EventItem key={id} e={e} />
        ))}
      </ol>
      {shown.length === 0 && (
        <p className="empty events-empty">
          {events.length > 0
            ? 'No events from this source.'
            : isMonitorOn
              ? 'The monitor is quiet: no alerts so far.'
              : 'The health monitor is off (Diagnostics → Health monitor); controller actions still appear here.'}
        </p>
      )}
      {dropped > 0 && (
        <p className="caption">
          Showing the newest {events.length} of {eventCount} events.
        </p>
      )}
    </section>
  );
});
