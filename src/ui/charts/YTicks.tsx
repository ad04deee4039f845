/** Horizontal grid lines with their labels left of the plot, for one y axis of a chart. */
export function YTicks({ ticks, left, right, keyPrefix }: { ticks: { pos: number; label: string }[]; left: number; right: number; keyPrefix: string }) {
  return (
    <>
      {ticks.map((t) => (
        <g key={`${keyPrefix}${t.label}`}>
          <line className="chart-grid" x1={left} x2={right} y1={t.pos} y2={t.pos} />
          <text className="chart-tick-label" x={left - 5} y={t.pos} textAnchor="end" dominantBaseline="middle">{t.label}</text>
        </g>
      ))}
    </>
  );
}
