/** The pixel histogram's worker: its draws (O(draws · t) for the chain of eq. 2) off the main thread. */
import { runPixelDraws, type PixelDrawRequest } from '../../diffusion/pixelDrawJob';

self.onmessage = (e: MessageEvent<PixelDrawRequest>) => {
  self.postMessage(runPixelDraws(e.data));
};
