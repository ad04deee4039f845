import { useEffect, useState, type HTMLAttributes, type ReactNode } from 'react';

/**
 * Whether a box's content is wider than the box itself. One pixel of slack absorbs the rounding
 * of subpixel layouts (scrollWidth and clientWidth are integers rounded independently).
 */
export function overflowsX(scrollWidth: number, clientWidth: number): boolean {
  if (!Number.isFinite(scrollWidth) || !Number.isFinite(clientWidth)) return false;
  return scrollWidth > clientWidth + 1;
}

/** Checks waiting for the next frame to be painted; every box's waits on the same frame and task. */
const waiting = new Set<() => void>();
let scheduled = false;

/**
 * Run `check` in a task after the next frame, together with every other box's: one animation frame
 * and one timer for all of them, however many boxes a scrub's step changed (the eq. 4 boxes nest).
 */
function afterNextFrame(check: () => void): void {
  waiting.add(check);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    window.setTimeout(() => {
      scheduled = false;
      const checks = [...waiting];
      waiting.clear();
      for (const c of checks) c();
    }, 0);
  });
}

export interface ScrollXProps extends Omit<HTMLAttributes<HTMLElement>, 'role' | 'tabIndex' | 'aria-label' | 'children'> {
  /** Accessible name while the box scrolls, e.g. "Equation 4, scrolls sideways". */
  label: string;
  /** The element to render; a div unless the content needs a paragraph or preformatted text. */
  as?: 'div' | 'p' | 'pre';
  'data-testid'?: string;
  children?: ReactNode;
}

/**
 * A box that scrolls sideways when its content (a wide equation, table or listing) does not fit.
 * Only while it actually overflows does it become a named, focusable region, so keyboard users can
 * scroll it with the arrow keys; on wide screens it adds no tab stop. Growth of the content (a new
 * equation, fonts arriving) and of the box (viewport changes) are both watched.
 */
export function ScrollX({ label, as: Tag = 'div', children, ...rest }: ScrollXProps) {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [overflowing, setOverflowing] = useState(false);

  useEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') return;
    let live = true;
    const check = () => {
      if (live) setOverflowing(overflowsX(el.scrollWidth, el.clientWidth));
    };
    // A content change (a new equation on every step of a scrub) is measured once, after the next
    // frame has been laid out and painted, when the layout that scrollWidth reads is usually done:
    // reading it in the mutation callback forced a layout per box per change, and reading it in the
    // next animation frame forced that frame's layout early, inside the frame (most of a scrub's
    // main-thread time either way).
    const checkNextFrame = () => afterNextFrame(check);
    const resize = new ResizeObserver(check);
    resize.observe(el);
    for (const child of el.children) resize.observe(child);
    const mutation = new MutationObserver((records) => {
      for (const r of records) {
        if (r.target !== el) continue;
        for (const n of r.removedNodes) if (n instanceof Element) resize.unobserve(n);
        for (const n of r.addedNodes) if (n instanceof Element) resize.observe(n);
      }
      checkNextFrame();
    });
    mutation.observe(el, { childList: true, subtree: true, characterData: true });
    void document.fonts?.ready.then(check);
    return () => {
      live = false;
      waiting.delete(check);
      resize.disconnect();
      mutation.disconnect();
    };
  }, [el]);

  return (
    <Tag
      {...rest}
      ref={setEl}
      tabIndex={overflowing ? 0 : undefined}
      role={overflowing ? 'region' : undefined}
      aria-label={overflowing ? label : undefined}
    >
      {children}
    </Tag>
  );
}
