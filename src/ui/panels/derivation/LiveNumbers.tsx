import type { Schedule } from '../../../diffusion/schedule';
import { LiveTex } from '../../math/Tex';
import type { LiveTexSource } from '../../math/liveTex';
import { ScrollX } from '../../ScrollX';
import { eq7LiveTex, formatFixed6, formatLive, formatWeight, lambdaLiveTex, liveNumbers, liveQuantityTex } from './liveNumbers';
import { Prose } from './Prose';
import type { PanelStrings } from './strings';

/** The constants of (7) and (12) at the shared t, in a table and substituted into the formulas. */
export function LiveNumbers({ schedule, t, s }: { schedule: Schedule; t: number; s: PanelStrings }) {
  const n = liveNumbers(schedule, t);
  const m = s.meanings;
  const q = liveQuantityTex(n);
  const rows: { key: string; tex: LiveTexSource; value: string; meaning: string; testId?: string }[] = [
    { key: 'beta', tex: q.beta, value: formatFixed6(n.beta), meaning: m.beta },
    { key: 'alpha', tex: q.alpha, value: formatFixed6(n.alpha), meaning: m.alpha },
    { key: 'alphaBar', tex: q.alphaBar, value: formatLive(n.alphaBar), meaning: m.alphaBar },
    { key: 'alphaBarPrev', tex: q.alphaBarPrev, value: formatLive(n.alphaBarPrev), meaning: m.alphaBarPrev },
    { key: 'betaTilde', tex: q.betaTilde, value: formatFixed6(n.betaTilde), meaning: m.betaTilde, testId: 'live-posterior-variance' },
    { key: 'coefX0', tex: q.coefX0, value: formatLive(n.coefX0), meaning: m.coefX0 },
    { key: 'coefXt', tex: q.coefXt, value: formatLive(n.coefXt), meaning: m.coefXt },
    { key: 'lambdaBeta', tex: q.lambdaBeta, value: formatWeight(n.lambdaBeta), meaning: m.lambdaBeta },
    { key: 'lambdaBetaTilde', tex: q.lambdaBetaTilde, value: formatWeight(n.lambdaBetaTilde), meaning: m.lambdaBetaTilde },
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
                  <LiveTex src={r.tex} />
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
        <LiveTex block src={eq7LiveTex(n)} />
        <LiveTex block src={lambdaLiveTex(n)} />
      </ScrollX>
    </div>
  );
}
