import { useId, useMemo } from 'react';
import type { PointerEvent as ReactPointerEvent, ReactElement } from 'react';
import type { Schedule } from '../../diffusion/schedule';
import { clampTimestep, svgSafeId } from './chartUtils';
import {
  SCHEDULE_LINES, dashBackground, formatReadoutValue, scheduleAriaLabel, scheduleGeometry, scheduleReadout, timestepAtX,
} from './scheduleChartData';
import type { PanelKey, ScheduleGeometry, ScheduleLineStyle } from './scheduleChartData';
import { LayeredSvg } from './LayeredSvg';
import { useElementWidth } from './useElementWidth';
import './charts.css';

export interface ScheduleChartProps {
  schedule: Schedule;
  /** the current timestep, 0 … T */
  t: number;
  /** called with a new integer t in [0, T] when the chart is clicked or its cursor dragged */
  onChangeT: (t: number) => void;
  /** a fixed width in px; by default the chart fills its container */
  width?: number;
}

/** Titles of the three plots. */
const PANEL_TITLES: Record<PanelKey, string> = {
  main: 'coefficients of q(x_t|x_0), eq. 4',
  beta: 'β_t, variance added by step t (eq. 2)',
  logSnr: 'log SNR = ln(ᾱ_t / (1 − ᾱ_t))',
};

/** Axes, grid and curves: everything that does not move with t. */
function StaticLayer({ g, clipId }: { g: ScheduleGeometry; clipId: string }): ReactElement {
  const { layout, xTicks, yTicks, paths } = g;
  const { margins, panels, width } = layout;
  const left = margins.left;
  const right = width - margins.right;
  const last = panels.logSnr;
  return (
    <g>
      <defs>
        {(['main', 'beta', 'logSnr'] as const).map((key) => (
          <clipPath key={key} id={`${clipId}-${key}`}>
            <rect x={left} y={panels[key].top - 2} width={right - left} height={panels[key].bottom - panels[key].top + 4} />
          </clipPath>
        ))}
      </defs>
      {(['main', 'beta', 'logSnr'] as const).map((key) => {
        const box = panels[key];
        return (
          <g key={key} className="chart-panel">
            <text className="chart-panel-title" x={left} y={box.top - 7}>{PANEL_TITLES[key]}</text>
            {xTicks.map((tick) => (
              <line key={`x${tick.value}`} className="chart-grid" x1={tick.pos} x2={tick.pos} y1={box.top} y2={box.bottom} />
            ))}
            {yTicks[key].map((tick) => (
              <g key={`y${tick.value}`}>
                <line className={tick.value === 0 ? 'chart-grid chart-grid-zero' : 'chart-grid'} x1={left} x2={right} y1={tick.pos} y2={tick.pos} />
                <text className="chart-tick-label" x={left - 5} y={tick.pos} textAnchor="end" dominantBaseline="middle">{tick.label}</text>
              </g>
            ))}
            <rect className="chart-frame" x={left} y={box.top} width={right - left} height={box.bottom - box.top} />
          </g>
        );
      })}
      {xTicks.map((tick) => (
        <text key={tick.value} className="chart-tick-label" x={tick.pos} y={last.bottom + 15} textAnchor="middle">{tick.label}</text>
      ))}
      <text className="chart-axis-label" x={(left + right) / 2} y={last.bottom + 34} textAnchor="middle">t</text>
      {SCHEDULE_LINES.map((style) => (
        <path
          key={style.key}
          className="chart-line"
          d={paths[style.key]}
          stroke={style.color}
          strokeDasharray={style.dash || undefined}
          clipPath={`url(#${clipId}-${style.panel})`}
        />
      ))}
    </g>
  );
}

/**
 * A short line in a curve's colour and dash pattern, for the legend: a box with a background, not an
 * SVG, because the legend's values change width on every step of a scrub and move the swatches after
 * them (dashBackground says why that matters).
 */
function Swatch({ style }: { style: ScheduleLineStyle }): ReactElement {
  return <span className="chart-swatch-line" aria-hidden="true" style={{ backgroundImage: dashBackground(style.color, style.dash) }} />;
}

/**
 * The noise schedule against t ∈ [0, T]: ᾱ_t, √ᾱ_t and √(1 − ᾱ_t) on [0, 1], then β_t and log SNR in
 * small plots of their own, with a cursor at the current t that can be clicked or dragged. Keyboard
 * users change t with the page's slider, so the chart has no tab stop of its own.
 */
export function ScheduleChart({ schedule, t, onChangeT, width }: ScheduleChartProps): ReactElement {
  const [boxRef, chartWidth] = useElementWidth<HTMLDivElement>(width);
  // 1. what depends on the schedule (and the width) only: moving t redraws just the cursor
  const geometry = useMemo(() => scheduleGeometry(schedule, chartWidth), [schedule, chartWidth]);
  const clipId = svgSafeId(useId());
  const staticLayer = useMemo(() => <StaticLayer g={geometry} clipId={clipId} />, [geometry, clipId]);

  // 2. the cursor at t
  const T = schedule.T;
  const tNow = clampTimestep(t, T);
  const readout = scheduleReadout(schedule, tNow);
  const { layout, x, y } = geometry;
  const cursorX = x(tNow);
  const top = layout.panels.main.top;
  const bottom = layout.panels.logSnr.bottom;
  const labelOnLeft = cursorX > layout.width - 70;

  // 3. click or drag anywhere on the chart to set t (pointer capture keeps the drag alive off the chart)
  const setFromPointer = (e: ReactPointerEvent<SVGSVGElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width <= 0) return;
    const px = (e.clientX - rect.left) * (layout.width / rect.width);
    const next = timestepAtX(px, x, T);
    if (next !== tNow) onChangeT(next);
  };
  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setFromPointer(e);
  };
  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>): void => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) setFromPointer(e);
  };

  const cursor = (
    <g className="chart-cursor">
      <line className="chart-cursor-line" x1={cursorX} x2={cursorX} y1={top - 4} y2={bottom} />
      {SCHEDULE_LINES.map((style) => {
        const value = readout[style.key];
        if (value === null || !Number.isFinite(value)) return null;
        const scale = y[style.panel];
        const [lo, hi] = scale.domain();
        const inside = value >= lo && value <= hi;
        return (
          <circle
            key={style.key}
            className={inside ? 'chart-cursor-dot' : 'chart-cursor-dot chart-cursor-dot-clipped'}
            cx={cursorX}
            cy={scale(Math.min(hi, Math.max(lo, value)))}
            r={3.5}
            stroke={style.color}
            fill={inside ? style.color : '#ffffff'}
          />
        );
      })}
      <text
        className="chart-cursor-label"
        x={labelOnLeft ? cursorX - 5 : cursorX + 5}
        y={layout.panels.main.top + 12}
        textAnchor={labelOnLeft ? 'end' : 'start'}
      >
        t = {tNow}
      </text>
    </g>
  );

  return (
    <figure className="chart-root chart-schedule" ref={boxRef}>
      <LayeredSvg
        className="chart-svg chart-draggable"
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label={scheduleAriaLabel(readout, T)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        overlay={cursor}
      >
        {staticLayer}
      </LayeredSvg>
      <figcaption>
        <ul className="chart-legend">
          <li className="chart-legend-t">t = {tNow}</li>
          {SCHEDULE_LINES.map((style) => (
            <li key={style.key}>
              <Swatch style={style} />
              <span className="chart-legend-name">{style.name}</span>
              {' = '}
              <span className="chart-legend-value">{formatReadoutValue(style.key, readout[style.key])}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
