/** Tiles 28×28 images into one greyscale picture for slides and notes. */

const SIDE = 28;

export interface GridOptions {
  /** images per row (default: ⌈√n⌉) */
  columns?: number;
  /** pixels between images, drawn in mid grey (default 2) */
  gap?: number;
  /** each image pixel becomes scale × scale pixels (default 2) */
  scale?: number;
}

/** n images in [0, 1], [n · 784] row-major, as a grid: its bytes (0 … 255), width and height. */
export function tileImages(images: Float32Array, options: GridOptions = {}): { pixels: Uint8Array; width: number; height: number } {
  const n = images.length / (SIDE * SIDE);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected whole 28×28 images, got ${images.length} values`);
  const columns = Math.min(options.columns ?? Math.ceil(Math.sqrt(n)), n);
  const rows = Math.ceil(n / columns);
  const gap = options.gap ?? 2;
  const scale = options.scale ?? 2;
  const cell = SIDE * scale;
  const width = columns * cell + (columns + 1) * gap;
  const height = rows * cell + (rows + 1) * gap;
  const pixels = new Uint8Array(width * height).fill(128);
  for (let i = 0; i < n; i++) {
    const left = gap + (i % columns) * (cell + gap);
    const top = gap + Math.floor(i / columns) * (cell + gap);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const v = images[i * SIDE * SIDE + Math.floor(y / scale) * SIDE + Math.floor(x / scale)];
        pixels[(top + y) * width + left + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
  }
  return { pixels, width, height };
}
