import { useMediaQuery } from './useMediaQuery';

/** true when the user asked the system for less motion: animations then jump instead of sweeping. */
export function useReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}
