/**
 * The box and lines of a hover readout, placed by readoutBox: shared by the line plot's readout
 * and the bar plot's. `colorOf` gives a line its series colour; lines without one are in ink.
 */
import { READOUT_LINE_HEIGHT, READOUT_PAD_X, type ReadoutBox } from './readoutBox';

interface Props {
  box: ReadoutBox;
  lines: readonly string[];
  colorOf: (line: number) => string | null;
}

export function ReadoutText({ box, lines, colorOf }: Props) {
  return (
    <>
      <rect
        className="plot-readout-box"
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        rx={4}
      />
      {lines.map((text, i) => {
        const color = colorOf(i);
        return (
          <text
            key={i}
            x={box.x + READOUT_PAD_X}
            y={box.y + box.firstBaseline + i * READOUT_LINE_HEIGHT}
            {...(color ? { fill: color } : { className: 'plot-readout-ink' })}
          >
            {text}
          </text>
        );
      })}
    </>
  );
}
