import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { DEFAULT_CHART_WIDTH, MIN_CHART_WIDTH } from './chartUtils';

/**
 * The content width in px of the element behind the returned ref, kept current by a ResizeObserver,
 * so a chart can lay itself out at 1:1 scale (text stays readable at 320 px). A fixed width skips
 * the measuring. Before the first measurement the default width is used.
 */
export function useElementWidth<E extends HTMLElement>(fixed?: number): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [measured, setMeasured] = useState<number | null>(null);
  useEffect(() => {
    if (fixed !== undefined) return undefined;
    const element = ref.current;
    if (element === null || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width;
      if (width !== undefined && width > 0) setMeasured(Math.round(width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [fixed]);
  const width = fixed ?? measured ?? DEFAULT_CHART_WIDTH;
  return [ref, Math.max(MIN_CHART_WIDTH, Math.round(width))];
}
