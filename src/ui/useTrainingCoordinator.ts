import { useEffect, useRef, useState, type RefObject } from 'react';

const CHANNEL = 'ddpm-explorable:training';

type CoordinatorMessage = { type: 'started' | 'stopped' | 'who'; from: string };

function isCoordinatorMessage(v: unknown): v is CoordinatorMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return (m.type === 'started' || m.type === 'stopped' || m.type === 'who') && typeof m.from === 'string';
}

export const PAUSED_FOR_ANOTHER =
  'Training paused: another panel of the explorable started training. Only one trains at a time, so they do not compete for the GPU. Press Train to take over.';

/**
 * One training at a time across every panel of the explorable that shares this browser's storage
 * (several embeds on one course page, or two tabs): when one starts, the others pause and say so.
 * Returns whether another one is training now.
 */
export function useTrainingCoordinator(running: boolean, pause: (message: string) => void): boolean {
  const [id] = useState(() => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Math.random()}`));
  const [other, setOther] = useState<string | null>(null);
  const channel = useRef<BroadcastChannel | null>(null);
  const live = useRef({ running, pause });
  useEffect(() => {
    live.current = { running, pause };
  });

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(CHANNEL);
    channel.current = ch;
    ch.onmessage = (e: MessageEvent) => {
      const m: unknown = e.data;
      if (!isCoordinatorMessage(m) || m.from === id) return;
      if (m.type === 'started') {
        setOther(m.from);
        live.current.pause(PAUSED_FOR_ANOTHER);
      } else if (m.type === 'stopped') setOther((o) => (o === m.from ? null : o));
      else if (live.current.running) ch.postMessage({ type: 'started', from: id } satisfies CoordinatorMessage);
    };
    ch.postMessage({ type: 'who', from: id } satisfies CoordinatorMessage);
    const leave = () => {
      if (live.current.running) ch.postMessage({ type: 'stopped', from: id } satisfies CoordinatorMessage);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      leave();
      window.removeEventListener('pagehide', leave);
      ch.close();
      channel.current = null;
    };
  }, [id]);

  useEffect(() => {
    channel.current?.postMessage({ type: running ? 'started' : 'stopped', from: id } satisfies CoordinatorMessage);
  }, [running, id]);

  return other !== null;
}

/** Pause training when the element (an embed's root) is scrolled out of the host page's view. */
export function useOffscreenPause(target: RefObject<Element | null>, enabled: boolean, pause: (message: string) => void): void {
  const live = useRef(pause);
  useEffect(() => {
    live.current = pause;
  });
  useEffect(() => {
    const el = target.current;
    if (!enabled || !el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => !e.isIntersecting)) live.current('Training paused because the panel was scrolled out of view. Press Train to continue.');
    });
    io.observe(el);
    return () => io.disconnect();
  }, [target, enabled]);
}
