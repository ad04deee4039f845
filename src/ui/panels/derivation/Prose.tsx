import { Fragment } from 'react';
import { Tex } from '../../math/Tex';
import { splitInlineTex } from './steps';

/** Text with `$…$` inline TeX (written by the app, never user input), rendered through Tex. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {splitInlineTex(text).map((part, i) =>
        i % 2 === 1 ? <Tex key={i} tex={part} /> : <Fragment key={i}>{part}</Fragment>,
      )}
    </>
  );
}
