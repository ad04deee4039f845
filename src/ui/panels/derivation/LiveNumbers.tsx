import type { Schedule } from '../../../diffusion/schedule';
import { Tex } from '../../math/Tex';
import { ScrollX } from '../../ScrollX';
import { eq7LiveTex, formatFixed6, formatLive, formatWeight, lambdaLiveTex, liveNumbers } from './liveNumbers';
import { Prose } from './Prose';
import type { PanelStrings } from './strings';

/** The constants of (7) and (12) at the shared t, in a table and substituted into the formulas. */
export function LiveNumbers({ schedule, t, s }: { schedule: Schedule; t: number; s: PanelStrings }) {
  const n = liveNumbers(schedule, t);
  const m = s.meanings;
  const rows: { key: string; tex: string; value: string; meaning: string; testId?: string }[] = [
    { key: 'beta', tex: `\\beta_{${n.t}}`, value: formatFixed6(n.beta), meaning: m.beta },
    { key: 'alpha', tex: `\\alpha_{${n.t}}`, value: formatFixed6(n.alpha), meaning: m.alpha },
    { key: 'alphaBar', tex: `\\bar\\alpha_{${n.t}}`, value: formatLive(n.alphaBar), meaning: m.alphaBar },
    { key: 'alphaBarPrev', tex: `\\bar\\alpha_{${n.t - 1}}`, value: formatLive(n.alphaBarPrev), meaning: m.alphaBarPrev },
    { key: 'betaTilde', tex: `\\tilde\\beta_{${n.t}}`, value: formatFixed6(n.betaTilde), meaning: m.betaTilde, testId: 'live-posterior-variance' },
    { key: 'coefX0', tex: `\\frac{\\sqrt{\\bar\\alpha_{${n.t - 1}}}\\,\\beta_{${n.t}}}{1-\\bar\\alpha_{${n.t}}}`, value: formatLive(n.coefX0), meaning: m.coefX0 },
    { key: 'coefXt', tex: `\\frac{\\sqrt{\\alpha_{${n.t}}}\\,(1-\\bar\\alpha_{${n.t - 1}})}{1-\\bar\\alpha_{${n.t}}}`, value: formatLive(n.coefXt), meaning: m.coefXt },
    { key: 'lambdaBeta', tex: `\\lambda_{${n.t}}\\ (\\sigma^2 = \\beta)`, value: formatWeight(n.lambdaBeta), meaning: m.lambdaBeta },
    { key: 'lambdaBetaTilde', tex: `\\lambda_{${n.t}}\\ (\\sigma^2 = \\tilde\\beta)`, value: formatWeight(n.lambdaBetaTilde), meaning: m.lambdaBetaTilde },
  ];
  const heading = s.liveHeading.replace(/\$/g, '');
  return (
    <div className="live-numbers" data-testid="live-numbers">
      {n.clamped && (
        <p className="live-note" data-testid="live-t0-note">
          {s.liveT0}
        </p>
      )}
      <ScrollX className="live-table-scroll" label={`${heading}, t = ${n.t}`}>
        <table className="live-table">
          <thead>
            <tr>
              <th scope="col">{s.quantity}</th>
              <th scope="col">{s.value}</th>
              <th scope="col">{s.meaning}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  <Tex tex={r.tex} />
                </th>
                <td className="live-value" data-testid={r.testId ?? `live-${r.key}`}>
                  {r.value}
                </td>
                <td>
                  <Prose text={r.meaning} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      {n.t === 1 && (
        <p className="live-note" data-testid="live-t1-note">
          <Prose text={s.liveT1} />
        </p>
      )}
      <ScrollX className="deriv-tex-scroll eq-live-box" data-testid="live-eq7" label={`${heading}: (7), (12), t = ${n.t}`}>
        <Tex block tex={eq7LiveTex(n)} />
        <Tex block tex={lambdaLiveTex(n)} />
      </ScrollX>
    </div>
  );
}
