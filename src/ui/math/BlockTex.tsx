import { ScrollX } from '../ScrollX';
import { Tex } from './Tex';

/** A display equation that scrolls sideways when it is wider than its column (named for screen readers). */
export function BlockTex({ tex, label, className }: { tex: string; label: string; className?: string }) {
  return (
    <ScrollX className={className} label={`${label}, scrolls sideways`}>
      <Tex block tex={tex} />
    </ScrollX>
  );
}
