import type { SamplerSpec } from '../../../engine/protocol';

/** What sampling does, in words, for the sampler chosen: Algorithm 2, or DDIM with or without noise. */
export function SamplingIntro({ sampler: spec }: { sampler: SamplerSpec }) {
  return (
    <p className="panel-intro">
      Sampling runs the learned reverse process (eq. 1) from pure noise x<sub>T</sub> ~ N(0, I) down to x<sub>0</sub>.{' '}
      {spec.kind === 'ddpm' ? (
        <>
          Each step asks the network for the noise ε<sub>θ</sub> in x<sub>t</sub>, removes a little of it, and (except at the
          last step) adds a little fresh noise σ<sub>t</sub>z: Algorithm 2.
        </>
      ) : spec.eta === 0 ? (
        <>
          With DDIM and η = 0 every step is deterministic: the network’s ε<sub>θ</sub> gives a guess x̂<sub>0</sub>, and the
          step moves to the next timestep of a shorter sequence along the same ε<sub>θ</sub>, adding no noise.
        </>
      ) : (
        <>
          With DDIM each step forms the guess x̂<sub>0</sub> from ε<sub>θ</sub>, moves to the next timestep of a shorter
          sequence, and adds fresh noise σz scaled by η = {spec.eta}.
        </>
      )}{' '}
      Sixteen chains run side by side.
    </p>
  );
}
