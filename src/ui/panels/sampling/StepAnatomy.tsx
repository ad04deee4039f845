import { useMemo } from 'react';
import type { Schedule } from '../../../diffusion/schedule';
import type { SamplerSpec } from '../../../engine/protocol';
import { DigitCanvas } from '../../DigitCanvas';
import { BlockTex } from '../../math/BlockTex';
import { formatCoef } from './samplingText';
import { guidedLiveTex } from './guidanceText';
import { DDIM_SIGMA_TEX, DDIM_UPDATE_TEX, DDPM_UPDATE_TEX, X0HAT_TEX, ddimLiveTex, ddpmLiveTex, x0HatLiveTex } from './stepTex';
import type { TrajectoryStore } from './trajectory';
import { EPS_RANGE, NOISE_Z_LIMIT, toDisplay } from '../../../diffusion/stepCodes';

export interface StepAnatomyProps {
  store: TrajectoryStore;
  position: number;
  chain: number;
  sampler: SamplerSpec;
  schedule: Schedule;
}

const SIZE = 84;

/** Inside the step that produced the shown x_t: every part of the update for one chain, and the update in KaTeX. */
export function StepAnatomy({ store, position, chain, sampler, schedule }: StepAnatomyProps) {
  const step = store.stepAt(position);
  // the step object changes when the newest step of a thinned run is replaced: recompute then
  const images = useMemo(() => {
    if (!step) return null;
    const get = (q: Uint8Array | null) => (q ? toDisplay(q) : null);
    return {
      xFrom: get(store.xFromCodes(position, chain)),
      eps: get(store.partCodes(position, chain, 'eps')),
      x0Hat: get(store.partCodes(position, chain, 'x0Hat')),
      mean: get(store.partCodes(position, chain, 'mean')),
      noise: get(store.partCodes(position, chain, 'noise')),
      x: get(store.partCodes(position, chain, 'x')),
      guided: (() => {
        const g = store.guidedCodes(position, chain);
        return g ? { cond: toDisplay(g.cond), uncond: toDisplay(g.uncond), label: g.label, w: g.w } : null;
      })(),
    };
  }, [store, step, position, chain]);
  const startImage = useMemo(() => {
    return toDisplay(store.xCodes(0, chain));
  }, [store, chain]);

  if (!step || !images) {
    const t0 = store.tAt(0);
    return (
      <div className="step-anatomy">
        <figure className="step-image">
          <DigitCanvas pixels={startImage} size={SIZE} label={`chain ${chain + 1}, x_t at t = ${t0}`} />
          <figcaption>
            x<sub>{t0}</sub>, the start
          </figcaption>
        </figure>
        <p className="muted">No step taken yet: press “Denoise one step” to see one reverse step taken apart.</p>
      </div>
    );
  }

  const { tFrom, t, coef } = step;
  const c = `chain ${chain + 1}`;
  const ddim = sampler.kind === 'ddim';
  const live = ddim ? ddimLiveTex(step, schedule) : ddpmLiveTex(step);
  const x0Live = x0HatLiveTex(tFrom, schedule);
  const noiseFree = !(coef.sigma > 0) || t === 0;
  return (
    <div className="step-anatomy">
      <p className="step-anatomy-intro">
        The step that took chain {chain + 1} from t = {tFrom} to t = {t}. The network predicts the noise ε<sub>θ</sub> in x
        <sub>{tFrom}</sub>; from it follow the clean-digit estimate x̂<sub>0</sub> (eq. 15) and the mean μ<sub>θ</sub>
        {ddim ? ' (DDIM’s deterministic part)' : ' (eq. 11)'}; fresh noise σz is added to give x<sub>{t}</sub>.
      </p>
      <ol className="step-images" aria-label={`Parts of the step from t = ${tFrom} to t = ${t}, chain ${chain + 1}`}>
        <StepImage pixels={images.xFrom} label={`${c}, x_t at t = ${tFrom}`} caption={<>x<sub>{tFrom}</sub></>} />
        <StepImage pixels={images.eps} label={`${c}, predicted noise ε_θ at t = ${tFrom}`} caption={<>ε<sub>θ</sub>(x<sub>{tFrom}</sub>, {tFrom})</>} />
        <StepImage pixels={images.x0Hat} label={`${c}, x̂_0 predicted at t = ${tFrom}`} caption={<>x̂<sub>0</sub> (eq. 15)</>} />
        <StepImage pixels={images.mean} label={`${c}, mean μ_θ at t = ${tFrom}`} caption={<>μ<sub>θ</sub>{ddim ? '' : ' (eq. 11)'}</>} />
        <StepImage
          pixels={images.noise}
          label={`${c}, added noise σz${noiseFree ? ' (zero)' : ''}`}
          caption={<>+ σ{ddim ? '' : <sub>{tFrom}</sub>}z{noiseFree ? ' = 0' : ''}</>}
        />
        <StepImage pixels={images.x} label={`${c}, x_t at t = ${t}`} caption={<>= x<sub>{t}</sub></>} />
      </ol>
      {images.guided && (
        <div className="step-guided" data-testid="step-guided">
          <p>
            Guided towards {images.guided.label} with w = {images.guided.w}: the network was asked twice, with the digit and with no
            label, and the step used the combination ε̃ (shown above as ε<sub>θ</sub>).
          </p>
          <ol className="step-images" aria-label={`The two predictions guidance combined, t = ${tFrom}, chain ${chain + 1}`}>
            <StepImage
              pixels={images.guided.cond}
              label={`${c}, ε_θ(x_t, t, ${images.guided.label}) at t = ${tFrom}`}
              caption={<>ε<sub>θ</sub>(x<sub>{tFrom}</sub>, {tFrom}, {images.guided.label})</>}
            />
            <StepImage
              pixels={images.guided.uncond}
              label={`${c}, ε_θ(x_t, t, no label) at t = ${tFrom}`}
              caption={<>ε<sub>θ</sub>(x<sub>{tFrom}</sub>, {tFrom}, ∅)</>}
            />
            <StepImage pixels={images.eps} label={`${c}, guided noise ε̃ at t = ${tFrom}`} caption={<>→ ε̃</>} />
          </ol>
          <BlockTex className="eq-live" label="This step's guidance with its numbers" tex={guidedLiveTex(images.guided.label, images.guided.w, tFrom)} />
        </div>
      )}
      <p className="step-legend">
        <span className="grey-ramp" aria-hidden="true" /> Grey scales: x<sub>t</sub>, x̂<sub>0</sub> and μ<sub>θ</sub> from black
        −1 to white +1; ε<sub>θ</sub> from {EPS_RANGE.lo} to +{EPS_RANGE.hi}; σz from −{NOISE_Z_LIMIT}σ to +{NOISE_Z_LIMIT}σ
        {noiseFree ? ' (no noise in this step: mid-grey)' : ` (σ = ${formatCoef(coef.sigma)} in this step)`}, so z itself is
        shown over ±{NOISE_Z_LIMIT}. Images are stored at 8 bits, values outside a range are clipped.
      </p>
      <div className="step-tex">
        {ddim ? (
          <>
            <p>DDIM’s update (Song et al. 2021, eq. 12), with η = {sampler.eta}:</p>
            <BlockTex label="DDIM update" tex={DDIM_UPDATE_TEX} />
            <BlockTex label="DDIM noise scale" tex={DDIM_SIGMA_TEX} />
          </>
        ) : (
          <>
            <p>Algorithm 2’s update, with σ<sub>t</sub>² = {sampler.sigma === 'beta' ? 'β' : 'β̃'}<sub>t</sub>:</p>
            <BlockTex label="Algorithm 2 update" tex={DDPM_UPDATE_TEX} />
          </>
        )}
        <p>This step, with its numbers:</p>
        {live ? (
          <BlockTex className="eq-live" label={`This step's update with its numbers, t = ${tFrom} to ${t}`} tex={live} />
        ) : (
          <p className="muted">(The schedule changed since this run; its numbers are not shown.)</p>
        )}
        <p>where</p>
        <BlockTex label="Clean-digit estimate, equation 15" tex={X0HAT_TEX} />
        {x0Live && (
          <BlockTex className="eq-live" label={`Clean-digit estimate with the numbers at t = ${tFrom}`} tex={x0Live} />
        )}
      </div>
    </div>
  );
}

function StepImage({ pixels, label, caption }: { pixels: Float32Array | null; label: string; caption: React.ReactNode }) {
  return (
    <li className="step-image">
      <DigitCanvas pixels={pixels} size={SIZE} label={label} />
      <span className="step-caption">{caption}</span>
    </li>
  );
}
