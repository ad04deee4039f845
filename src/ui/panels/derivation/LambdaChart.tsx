import { useMemo } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { lossWeight } from '../../../diffusion/bound';
import type { Schedule } from '../../../diffusion/schedule';
import { clampTimestep } from '../../charts/chartUtils';
import { LayeredSvg } from '../../charts/LayeredSvg';
import { timestepAtX } from '../../charts/scheduleChartData';
import { useElementWidth } from '../../charts/useElementWidth';
import '../../charts/charts.css';
import { formatWeight } from './liveNumbers';
import { LAMBDA_LINES, lambdaGeometry, type LambdaLineStyle } from './lambdaChartData';
import type { PanelStrings } from './strings';

function Swatch({ style }: { style: LambdaLineStyle }) {
  return (
    <svg className="chart-swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true">
      <line x1="1" x2="29" y1="5" y2="5" stroke={style.color} strokeWidth="2.5" strokeDasharray={style.dash || undefined} />
    </svg>
  );
}

/** λ_t of eq. 12 against t (log y), both σ_t² choices, the current t marked; click to set t. */
export function LambdaChart({ schedule, t, onChangeT, s }: { schedule: Schedule; t: number; onChangeT: (t: number) => void; s: PanelStrings }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const g = useMemo(() => lambdaGeometry(schedule, width), [schedule, width]);
  const T = schedule.T;
  const tNow = Math.max(1, clampTimestep(t, T));
  const values = { beta: lossWeight(schedule, tNow, 'beta'), betaTilde: lossWeight(schedule, tNow, 'betaTilde') };
  const { margins, x, y, height } = g;
  const cx = x(tNow);
  const [yLo, yHi] = y.domain();
  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width <= 0) return;
    const next = timestepAtX((e.clientX - rect.left) * (g.width / rect.width), x, T);
    if (next !== t) onChangeT(next);
  };
  return (
    <figure className="chart-root lambda-chart" ref={boxRef}>
      <LayeredSvg
        className="chart-svg"
        style={{ cursor: 'pointer' }}
        width={g.width}
        height={height}
        role="img"
        aria-label={s.chartLabel(tNow, formatWeight(values.beta), formatWeight(values.betaTilde))}
        onPointerDown={onPointerDown}
        data-testid="lambda-chart"
        overlay={
          <g className="chart-cursor">
            <line className="chart-cursor-line" x1={cx} x2={cx} y1={margins.top} y2={height - margins.bottom} />
            {LAMBDA_LINES.map((style) => {
              const v = values[style.key];
              if (!Number.isFinite(v) || v < yLo || v > yHi) return null;
              return <circle key={style.key} className="chart-cursor-dot" cx={cx} cy={y(v)} r={3.5} stroke={style.color} fill={style.color} />;
            })}
            <text
              className="chart-cursor-label"
              x={cx > g.width - 70 ? cx - 5 : cx + 5}
              y={height - margins.bottom - 8}
              textAnchor={cx > g.width - 70 ? 'end' : 'start'}
            >
              t = {tNow}
            </text>
          </g>
        }
      >
        {g.yTicks.map((tick) => (
          <g key={`y${tick.value}`}>
            <line className="chart-grid" x1={margins.left} x2={g.width - margins.right} y1={tick.pos} y2={tick.pos} />
            <text className="chart-tick-label" x={margins.left - 5} y={tick.pos} textAnchor="end" dominantBaseline="middle">
              {tick.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((tick) => (
          <g key={`x${tick.value}`}>
            <line className="chart-grid" x1={tick.pos} x2={tick.pos} y1={margins.top} y2={height - margins.bottom} />
            <text className="chart-tick-label" x={tick.pos} y={height - margins.bottom + 15} textAnchor="middle">
              {tick.label}
            </text>
          </g>
        ))}
        <rect className="chart-frame" x={margins.left} y={margins.top} width={g.width - margins.left - margins.right} height={height - margins.top - margins.bottom} />
        <text className="chart-axis-label" x={(margins.left + g.width - margins.right) / 2} y={height - 6} textAnchor="middle">
          t
        </text>
        <text className="chart-axis-label" x={margins.left + 6} y={margins.top + 14}>
          λ_t
        </text>
        {LAMBDA_LINES.map((style) => (
          <path key={style.key} className="chart-line" d={g.paths[style.key]} stroke={style.color} strokeDasharray={style.dash || undefined} />
        ))}
      </LayeredSvg>
      <figcaption>
        <ul className="chart-legend">
          <li className="chart-legend-t">t = {tNow}</li>
          {LAMBDA_LINES.map((style) => (
            <li key={style.key}>
              <Swatch style={style} />
              <span>λ_t, {style.name}</span>
              {' = '}
              <span className="chart-legend-value">{formatWeight(values[style.key])}</span>
            </li>
          ))}
        </ul>
        <p className="chart-caption">{s.chartHint}</p>
      </figcaption>
    </figure>
  );
}
