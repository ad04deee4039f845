import { useEffect, useRef } from 'react';
import type { Panel } from '../state/hash';
import { clampT, HOST_PROTOCOL_VERSION, parseHostMessage, type GuestEvent, type GuestSnapshot, type QualityReading } from '../state/hostMessages';

/** "ddpm:t" events are sent at most this often while t moves (the last value always follows). */
const T_EVENT_INTERVAL_MS = 100;

export interface HostBridgeInputs {
  panel: Panel;
  t: number;
  T: number;
  sweeping: boolean;
  /** the training step, or null when there is no model here */
  step: number | null;
  loss: number | null;
  /** the quality meter's latest reading, sent with ddpm:step */
  quality: QualityReading | null;
  training: boolean;
  setT: (t: number) => void;
  setSweeping: (playing: boolean) => void;
  /** start or pause training: 'none' when this panel has no training, 'loading' until its model is ready */
  train: ((on: boolean) => void) | 'none' | 'loading';
}

const framed = () => window.parent !== window;

/** What "ddpm:ready" and "ddpm:state" report. */
function snapshotOf({ panel, t, T, sweeping, step, training, train }: HostBridgeInputs): GuestSnapshot {
  return { version: HOST_PROTOCOL_VERSION, panel, t, T, sweeping, step, training, trainable: typeof train === 'function' };
}
const toHost = (e: GuestEvent) => window.parent.postMessage(e, '*');

/**
 * The host page API of an embedded panel (see state/hostMessages.ts and README.md). Commands are taken
 * only from the framing page itself; events carry only t and the training step, nothing private, so
 * they go to the parent whatever its origin.
 */
export function useHostBridge(inputs: HostBridgeInputs): void {
  const live = useRef(inputs);
  useEffect(() => {
    live.current = inputs;
  });

  // 1. commands from the host, and "ready" once listening
  useEffect(() => {
    if (!framed()) return;
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const parsed = parseHostMessage(e.data);
      if (!parsed) return;
      const reply = (msg: GuestEvent) => window.parent.postMessage(msg, e.origin && e.origin !== 'null' ? e.origin : '*');
      if (!parsed.ok) {
        reply({ type: 'ddpm:error', message: parsed.error, received: parsed.received });
        return;
      }
      const c = parsed.command;
      const now = live.current;
      switch (c.type) {
        case 'ddpm:set-t':
          now.setT(clampT(c.t, now.T));
          break;
        case 'ddpm:sweep':
          now.setSweeping(c.playing);
          break;
        case 'ddpm:train':
          if (typeof now.train === 'function') now.train(c.running);
          else if (now.train === 'loading') reply({ type: 'ddpm:error', message: 'The model is still loading; wait for a ddpm:state with trainable: true.', received: c.type });
          else reply({ type: 'ddpm:error', message: `The ${now.panel} panel has no training; embed the training panel.`, received: c.type });
          break;
        case 'ddpm:get-state':
          reply({ type: 'ddpm:state', ...snapshotOf(live.current) });
          break;
      }
    };
    window.addEventListener('message', onMessage);
    toHost({ type: 'ddpm:ready', ...snapshotOf(live.current) });
    return () => window.removeEventListener('message', onMessage);
  }, []);

  // 2. a "ddpm:state" when training becomes possible, so a host can wait for it
  const trainable = typeof inputs.train === 'function';
  useEffect(() => {
    if (!framed() || !trainable) return;
    toHost({ type: 'ddpm:state', ...snapshotOf(live.current) });
  }, [trainable]);

  // 3. "ddpm:t" when t (or T) changes, throttled with a trailing event
  const { t, T } = inputs;
  const lastT = useRef({ t, T, at: 0 });
  useEffect(() => {
    if (!framed() || (lastT.current.t === t && lastT.current.T === T)) return;
    const send = () => {
      lastT.current = { t, T, at: performance.now() };
      toHost({ type: 'ddpm:t', t, T });
    };
    const id = window.setTimeout(send, Math.max(0, T_EVENT_INTERVAL_MS - (performance.now() - lastT.current.at)));
    return () => window.clearTimeout(id);
  }, [t, T]);

  // 4. "ddpm:step" when the training step or its running state changes
  const { step, training } = inputs;
  const lastStep = useRef({ step, training });
  useEffect(() => {
    if (!framed() || step === null || (lastStep.current.step === step && lastStep.current.training === training)) return;
    lastStep.current = { step, training };
    toHost({ type: 'ddpm:step', step, loss: live.current.loss, training, quality: live.current.quality });
  }, [step, training]);
}
