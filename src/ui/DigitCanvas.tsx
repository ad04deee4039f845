import { useEffect, useMemo, useRef } from 'react';
import { digitDataUrl, PLACEHOLDER_GREY, toGrey } from './digitPixels';

export interface DigitCanvasProps {
  /** 28×28 row-major values in [−1, 1] (values outside are clamped for display) */
  pixels: Float32Array | null;
  /** CSS size in px; the 28×28 canvas is upscaled with nearest-neighbour sampling */
  size: number;
  /** what the image shows, for screen readers */
  label: string;
  className?: string;
  onPointerDown?: (e: React.PointerEvent<HTMLCanvasElement>) => void;
}

const SIDE = 28;

/** Paint 28×28 values in [−1, 1] onto a 28×28 canvas as grey (null: a dark placeholder). */
export function paintDigit(canvas: HTMLCanvasElement | null, pixels: Float32Array | null): void {
  const ctx = canvas?.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const g = pixels ? toGrey(pixels[i]) : PLACEHOLDER_GREY;
    img.data[4 * i] = g;
    img.data[4 * i + 1] = g;
    img.data[4 * i + 2] = g;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** One 28×28 image drawn crisp: the canvas holds 28×28 pixels and CSS scales it pixelated. */
export function DigitCanvas({ pixels, size, label, className, onPointerDown }: DigitCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => paintDigit(ref.current, pixels), [pixels]);
  return (
    <canvas
      ref={ref}
      width={SIDE}
      height={SIDE}
      role="img"
      aria-label={label}
      className={`digit-canvas ${className ?? ''}`}
      style={{ width: size, height: size }}
      onPointerDown={onPointerDown}
    />
  );
}

export type DigitImageProps = Omit<DigitCanvasProps, 'onPointerDown'>;

/**
 * One 28×28 image that does not change while t is scrubbed (a thumbnail, a strip of samples), as an
 * <img> of a small BMP. It looks exactly like DigitCanvas, but the browser paints it as part of the
 * page: every canvas is a compositor layer of its own, and with dozens of them each frame of a scrub
 * spent milliseconds assembling layers. DigitCanvas stays for the images a scrub or a pointer redraws.
 */
export function DigitImage({ pixels, size, label, className }: DigitImageProps) {
  const src = useMemo(() => digitDataUrl(pixels), [pixels]);
  return <img src={src} width={size} height={size} alt={label} draggable={false} className={`digit-image ${className ?? ''}`} />;
}
