import { useEffect, useId, useRef } from 'react';
import { paintDigit } from '../../DigitCanvas';
import { DRAWING_PIXELS, DRAWING_SIDE, blankDrawing, isBlank, strokeSegment } from '../../../state/drawing';
import './picker.css';

export interface DrawingPadProps {
  /** the current drawing, 28×28 row-major in [−1, 1]; null for an empty pad */
  value: Float32Array | null;
  /** receives a new array at most once per animation frame while drawing, once at pointer-up and on Clear */
  onChange: (pixels: Float32Array) => void;
  /** CSS size of the surface in px (it shrinks to fit narrow screens) */
  size?: number;
}

/** The stroke in progress: the pointer that draws it, its last point in 28-px units, the surface's box. */
interface Stroke {
  pointerId: number;
  x: number;
  y: number;
  rect: DOMRect;
}

export const DRAWING_PAD_LABEL = 'Drawing pad: draw a digit with mouse, touch or pen';

/**
 * "Draw your own" x_0: a 28×28 surface, upscaled with the look of DigitCanvas (black background,
 * white ink), drawn with a soft round brush (state/drawing.ts `strokeSegment`) through Pointer Events.
 * The drawing lives in a private buffer painted straight to the canvas each animation frame; the
 * parent gets copies, so `value` is never mutated.
 */
export function DrawingPad({ value, onChange, size = 224 }: DrawingPadProps) {
  const hintId = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const bufferRef = useRef<Float32Array>(null);
  const strokeRef = useRef<Stroke | null>(null);
  const frameRef = useRef(0);
  /** arrays this pad handed to onChange, so that their echo through `value` is not taken as a reset */
  const emittedRef = useRef(new WeakSet<Float32Array>());
  const onChangeRef = useRef(onChange);

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  // Adopt a drawing that comes from outside (a shared link, a reset by the parent); skip our own echoes.
  useEffect(() => {
    if (value && emittedRef.current.has(value)) return;
    const buffer = getBuffer(bufferRef);
    if (value && value.length === DRAWING_PIXELS) buffer.set(value);
    else buffer.fill(-1);
    paintDigit(canvasRef.current, buffer);
  }, [value]);

  useEffect(
    () => () => {
      cancelAnimationFrame(frameRef.current);
      frameRef.current = 0;
    },
    [],
  );

  /** Hand a copy of the buffer to the parent. */
  function emit() {
    const copy = getBuffer(bufferRef).slice();
    emittedRef.current.add(copy);
    onChangeRef.current(copy);
  }

  /** Paint and emit on the next animation frame, once however many pointer events arrive before it. */
  function scheduleFrame() {
    if (frameRef.current !== 0) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = 0;
      paintDigit(canvasRef.current, getBuffer(bufferRef));
      emit();
    });
  }

  /** Paint and emit now (end of a stroke, Clear), dropping a pending frame. */
  function flush() {
    cancelAnimationFrame(frameRef.current);
    frameRef.current = 0;
    paintDigit(canvasRef.current, getBuffer(bufferRef));
    emit();
  }

  function onPointerDown(e: React.PointerEvent<HTMLCanvasElement>) {
    if (strokeRef.current) return; // one stroke at a time; a second finger is ignored
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    const canvas = e.currentTarget;
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // capture can fail for a pointer that is already gone; the stroke still works without it
    }
    const rect = canvas.getBoundingClientRect();
    const [x, y] = toUnits(e.clientX, e.clientY, rect);
    strokeRef.current = { pointerId: e.pointerId, x, y, rect };
    strokeSegment(getBuffer(bufferRef), x, y, x, y); // a tap leaves a dot
    scheduleFrame();
  }

  function onPointerMove(e: React.PointerEvent<HTMLCanvasElement>) {
    const stroke = strokeRef.current;
    if (!stroke || e.pointerId !== stroke.pointerId) return;
    const buffer = getBuffer(bufferRef);
    let changed = false;
    // Coalesced events carry the points the browser merged into this one: smoother fast strokes.
    for (const p of coalesced(e.nativeEvent)) {
      const [x, y] = toUnits(p.clientX, p.clientY, stroke.rect);
      // the segment from the previous point fills the gap however far the pointer jumped
      if (strokeSegment(buffer, stroke.x, stroke.y, x, y)) changed = true;
      stroke.x = x;
      stroke.y = y;
    }
    if (changed) scheduleFrame();
  }

  function endStroke(e: React.PointerEvent<HTMLCanvasElement>) {
    const stroke = strokeRef.current;
    if (!stroke || e.pointerId !== stroke.pointerId) return;
    strokeRef.current = null;
    flush();
  }

  function clear() {
    strokeRef.current = null;
    getBuffer(bufferRef).fill(-1);
    flush();
  }

  const blank = value === null || isBlank(value);
  return (
    <div className="drawing-pad">
      <canvas
        ref={canvasRef}
        width={DRAWING_SIDE}
        height={DRAWING_SIDE}
        role="img"
        aria-label={DRAWING_PAD_LABEL}
        aria-describedby={hintId}
        className="digit-canvas drawing-pad__surface"
        style={{ width: size }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endStroke}
        onPointerCancel={endStroke}
        onLostPointerCapture={endStroke}
        onContextMenu={(e) => e.preventDefault()}
      />
      <div className="drawing-pad__bar">
        <p id={hintId} className="drawing-pad__hint muted">
          {blank
            ? 'Draw a digit here with mouse, touch or pen: one bold stroke, centred, as in MNIST.'
            : 'Keep drawing to add ink, or clear the pad to start again.'}
        </p>
        <button type="button" onClick={clear} aria-label="Clear drawing">
          Clear
        </button>
      </div>
    </div>
  );
}

/** The pad's working buffer, created on first use (all background). */
function getBuffer(ref: React.RefObject<Float32Array | null>): Float32Array {
  if (!ref.current) ref.current = blankDrawing();
  return ref.current;
}

/** Client coordinates ↦ 28-px units of the surface. */
function toUnits(clientX: number, clientY: number, rect: DOMRect): [number, number] {
  const w = rect.width || 1;
  const h = rect.height || 1;
  return [((clientX - rect.left) / w) * DRAWING_SIDE, ((clientY - rect.top) / h) * DRAWING_SIDE];
}

/** The coalesced events of a pointer move where the browser provides them, else the event itself. */
function coalesced(e: PointerEvent): readonly PointerEvent[] {
  const list = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
  return list.length > 0 ? list : [e];
}
