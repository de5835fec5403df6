/**
 * Event markers of the loss plot: a vertical line at each event's step, with its accessible name
 * and a `<title>` (the browser's own tooltip) on a wide transparent twin that is easy to hover.
 * Controller actions are dashed: something was changed, not something went wrong.
 */
import { memo } from 'react';
import type { EventMarker } from '../eventMarkers';
import { SEVERITY_COLOR } from '../format';
import type { Frame } from './plot/frame';
import type { Scale } from './plot/scale';

interface Props {
  markers: readonly EventMarker[];
  /** Step → pixel. */
  sx: Scale;
  frame: Frame;
}

export const EventMarkers = memo(function EventMarkers({ markers, sx, frame }: Props) {
  return (
    <g className="plot-events">
      {markers.map((m) => {
        const x = sx(m.step);
        if (!Number.isFinite(x)) return null;
        return (
          <g
            key={m.step}
            className="event-marker"
            data-testid="event-marker"
            data-step={m.step}
            data-severity={m.severity}
            data-source={m.source}
            role="img"
            aria-label={m.label}
          >
            <title>{m.label}</title>
            <line
              x1={x}
              x2={x}
              y1={frame.top}
              y2={frame.bottom}
              stroke="transparent"
              strokeWidth={9}
            />
            <line
              x1={x}
              x2={x}
              y1={frame.top}
              y2={frame.bottom}
              stroke={SEVERITY_COLOR[m.severity]}
              strokeWidth={1.5}
              strokeDasharray={m.source === 'controller' ? '3 3' : undefined}
            />
          </g>
        );
      })}
    </g>
  );
});
