/**
 * Event markers as Recharts reference lines at the event's step. A function returning elements,
 * like stepAxes: Recharts finds reference lines among the chart's direct children.
 */
import { ReferenceLine } from 'recharts';
import type { EventMarker } from '../eventMarkers';
import { SEVERITY_COLOR } from '../format';

interface LineProps {
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
}

/** The line with its accessible name; a wide transparent twin makes the hover title easy to hit. */
function markerShape(m: EventMarker) {
  const color = SEVERITY_COLOR[m.severity];
  const MarkerShape = ({ x1, y1, x2, y2 }: LineProps) => (
    <g
      className="event-marker"
      data-testid="event-marker"
      data-step={m.step}
      data-severity={m.severity}
      data-source={m.source}
      role="img"
      aria-label={m.label}
    >
      <title>{m.label}</title>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={9} />
      <line
        x1={x1}
        y1={y1}
        x2={x2}
        y2={y2}
        stroke={color}
        strokeWidth={1.5}
        // Controller actions are dashed: something was changed, not something went wrong.
        strokeDasharray={m.source === 'controller' ? '3 3' : undefined}
      />
    </g>
  );
  return MarkerShape;
}

export function eventLines(markers: readonly EventMarker[]) {
  return markers.map((m) => (
    <ReferenceLine
      key={`event-${m.step}`}
      x={m.step}
      // An event between two records, or before the first, still gets its line.
      ifOverflow="extendDomain"
      shape={markerShape(m)}
    />
  ));
}
