/** A plain HTML legend (the Recharts one measures itself after every update). */
export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
}

export function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((it) => (
        <li key={it.label}>
          <span
            className={`swatch${it.dashed ? ' dashed' : ''}`}
            style={{ borderColor: it.color }}
          />
          {it.label}
        </li>
      ))}
    </ul>
  );
}
