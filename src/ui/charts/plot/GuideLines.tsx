/** Horizontal threshold lines (2/η, the 1e-3 rule of thumb), each labelled at its right end. */
import { memo } from 'react';
import type { Frame } from './frame';
import type { Scale } from './scale';

export interface Guide {
  y: number;
  label: string;
}

interface Props {
  guides: readonly Guide[];
  color: string;
  sy: Scale;
  frame: Frame;
}

/** Label offset from the plot's right edge and above its line. */
const INSET = 4;
/** A line this close to the top gets its label below it, inside the plot. */
const LABEL_ROOM = 14;

export const GuideLines = memo(function GuideLines({ guides, color, sy, frame }: Props) {
  return (
    <g className="plot-guides">
      {guides.map((g) => {
        const y = sy(g.y);
        if (!Number.isFinite(y)) return null;
        const labelY = y - frame.top < LABEL_ROOM ? y + LABEL_ROOM - INSET + 2 : y - INSET;
        return (
          <g key={g.label}>
            <line
              className="plot-guide"
              x1={frame.left}
              x2={frame.right}
              y1={y}
              y2={y}
              stroke={color}
            />
            <text
              className="plot-guide-label"
              x={frame.right - INSET}
              y={labelY}
              textAnchor="end"
              fill={color}
            >
              {g.label}
            </text>
          </g>
        );
      })}
    </g>
  );
});
