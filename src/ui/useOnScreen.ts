import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Whether an element is on screen (in the viewport or, in an embed, in the host page's view), kept up
 * to date by an IntersectionObserver. It starts true, and stays true where there is no such observer.
 */
export function useOnScreen<T extends Element>(): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setOnScreen(entries[entries.length - 1].isIntersecting));
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return [ref, onScreen];
}
