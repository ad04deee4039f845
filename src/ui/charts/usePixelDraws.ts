import { useEffect, useRef, useState } from 'react';
import { runPixelDraws, type PixelDrawRequest, type PixelDrawResult } from '../../diffusion/pixelDrawJob';
import type { Schedule } from '../../diffusion/schedule';

/**
 * Run `fn` right after the next frame that runs animation-frame callbacks is rendered: in a message
 * posted from such a callback, which runs after that frame's style, layout and paint (called from an
 * input event, that is the input's own frame; from an animation-frame callback, the frame after). The returned function cancels it
 * (then `cancelled` runs instead, if given).
 */
export function afterPaint(fn: () => void, cancelled?: () => void): () => void {
  let done = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (done) return;
    done = true;
    channel.port1.close();
    fn();
  };
  const frame = requestAnimationFrame(() => channel.port2.postMessage(null));
  return () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    channel.port1.close();
    cancelled?.();
  };
}

/**
 * The histogram's draws for a request, computed in a worker of its own so that a scrub never waits for
 * them: the last result stays on screen (its t says which) until a newer one arrives; of the requests
 * made while the worker is busy only the newest is computed. The schedule is posted only when it
 * changes (copying it took most of a scrub's postMessage). Without Worker support they run inline.
 */
export function usePixelDraws(request: PixelDrawRequest): PixelDrawResult {
  const posting = useRef<((req: PixelDrawRequest) => void) | null>(null);
  // the first request is answered inline, for the first paint; the worker takes the later ones
  const answeredInline = useRef(true);
  const busy = useRef(false);
  const queued = useRef<PixelDrawRequest | null>(null);
  const [result, setResult] = useState<PixelDrawResult>(() => runPixelDraws(request));
  const { x0, t, schedule, mode, count, seed, range } = request;

  useEffect(() => {
    if (typeof Worker === 'undefined') return;
    let w: Worker;
    try {
      w = new Worker(new URL('./pixelDrawsWorker.ts', import.meta.url), { type: 'module', name: 'ddpm-pixel-draws' });
    } catch {
      return;
    }
    let sent: Schedule | null = null; // the schedule the worker holds
    const post = (req: PixelDrawRequest) => {
      const fresh = req.schedule !== sent;
      sent = req.schedule;
      w.postMessage(fresh ? req : { ...req, schedule: undefined });
    };
    posting.current = post;
    w.onmessage = (e: MessageEvent<PixelDrawResult>) => {
      busy.current = false;
      // answers come in order: each is newer than what is shown (intermediate ones keep a drag moving)
      setResult(e.data);
      const next = queued.current;
      queued.current = null;
      if (next) {
        busy.current = true;
        post(next);
      }
    };
    return () => {
      w.terminate();
      posting.current = null;
      busy.current = false;
      queued.current = null;
    };
  }, []);

  useEffect(() => {
    if (answeredInline.current) {
      answeredInline.current = false;
      return;
    }
    const req: PixelDrawRequest = { x0, t, schedule, mode, count, seed, range };
    const post = posting.current;
    if (!post) {
      setResult(runPixelDraws(req));
      return;
    }
    if (busy.current) {
      queued.current = req;
      return;
    }
    // Posted once the frame is rendered (afterPaint), so that the draws do not take a core from the frame that a
    // scrub is rendering (on a machine with two, it shares them with the compositor's threads).
    busy.current = true;
    return afterPaint(() => post(req), () => {
      busy.current = false;
    });
    // range is a constant object of the caller; its fields are what matter
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [x0, t, schedule, mode, count, seed, range.lo, range.hi, range.bins]);

  return result;
}
