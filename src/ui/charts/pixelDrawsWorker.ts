/** The pixel histogram's worker: its draws (O(draws · t) for the chain of eq. 2) off the main thread. */
import { runPixelDraws, type PostedPixelDrawRequest } from '../../diffusion/pixelDrawJob';
import type { Schedule } from '../../diffusion/schedule';

// the schedule of the last request that carried one (every later request uses it)
let schedule: Schedule | null = null;

self.onmessage = (e: MessageEvent<PostedPixelDrawRequest>) => {
  const { schedule: sent, ...request } = e.data;
  if (sent) schedule = sent;
  if (schedule) self.postMessage(runPixelDraws({ ...request, schedule }));
};
