import type { ReactElement, ReactNode, SVGProps } from 'react';

export interface LayeredSvgProps extends Omit<SVGProps<SVGSVGElement>, 'viewBox' | 'width' | 'height' | 'children'> {
  width: number;
  height: number;
  /** what does not move with t: axes, grid, curves */
  children: ReactNode;
  /** what moves with t (a cursor), drawn in the same coordinates over the chart */
  overlay: ReactNode;
}

/**
 * A chart's SVG with a second, transparent SVG of the same size laid over it for the part that moves
 * with t. Moving a cursor then repaints a handful of shapes, not the chart with its curves: when they
 * shared one SVG, that repaint was most of the paint of a scrub's frame. The overlay takes no pointer
 * events, so clicks and drags reach the chart below, and it is hidden from screen readers (the chart's
 * own label says where the cursor is).
 */
export function LayeredSvg({ width, height, children, overlay, className, ...chart }: LayeredSvgProps): ReactElement {
  const viewBox = `0 0 ${width} ${height}`;
  return (
    <div className="chart-stack">
      <svg {...chart} className={className} viewBox={viewBox} width={width} height={height}>
        {children}
      </svg>
      <svg className="chart-svg chart-overlay" viewBox={viewBox} width={width} height={height} aria-hidden="true">
        {overlay}
      </svg>
    </div>
  );
}
