/**
 * When a change of the shared state becomes its own Back/Forward entry. A change that follows a pause
 * of at least NEW_ENTRY_AFTER_MS starts a new entry; quicker ones (a scrub, a sweep, typing) update the
 * current entry, so Back steps through views, not through every frame. Writing back the state a link
 * or Back/Forward gave (`first`) only tidies that entry's hash, and an embed never adds entries (they
 * would take over the host page's Back button).
 */
export const NEW_ENTRY_AFTER_MS = 1000;

export function historyWrite({ embed, sinceLastWriteMs, first }: { embed: boolean; sinceLastWriteMs: number; first: boolean }): 'push' | 'replace' {
  if (embed || first) return 'replace';
  return sinceLastWriteMs >= NEW_ENTRY_AFTER_MS ? 'push' : 'replace';
}
