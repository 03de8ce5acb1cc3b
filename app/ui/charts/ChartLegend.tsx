/**
 * A chart's legend in HTML beside the SVG. recharts' own <Legend> measures itself once drawn and then redraws the
 * whole chart synchronously; with the axes it made the first drawing of a chart one task of over 100 ms.
 */
export function ChartLegend({ items }: { readonly items: readonly { readonly label: string; readonly color: string }[] }) {
  return (
    <div className="legend chart-legend">
      {items.map((item) => (
        <span key={item.label} className="legend-item">
          <i className="swatch swatch--square" style={{ background: item.color }} aria-hidden="true" />
          {item.label}
        </span>
      ))}
    </div>
  );
}
