/**
 * State that lives outside React (it changes when the engine sends something) and reaches components
 * through useSyncExternalStore: a value that is replaced, never mutated, and announced to subscribers,
 * at most once per frame when changes come faster than the screen can show them.
 */
import { useSyncExternalStore } from 'react';

/** Run `fn` once before the next paint (or soon, where nothing paints), however often asked. */
function oncePerFrame(fn: () => void): () => void {
  let queued = false;
  const later = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 0);
  return () => {
    if (queued) return;
    queued = true;
    later(() => {
      queued = false;
      fn();
    });
  };
}

export class Store<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();
  private readonly announce: () => void;

  /** `perFrame`: announce at most once per frame (a sampling run may send hundreds of frames a second) */
  constructor(initial: T, perFrame = false) {
    this.value = initial;
    const tell = () => this.listeners.forEach((l) => l());
    this.announce = perFrame ? oncePerFrame(tell) : tell;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): T => this.value;

  /** Replace the value with `fn` of it (the same value: nothing changes, no one is told). */
  readonly update = (fn: (value: T) => T): void => {
    const next = fn(this.value);
    if (Object.is(next, this.value)) return;
    this.value = next;
    this.announce();
  };
}

/** The store's current value, re-rendering when it changes. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
