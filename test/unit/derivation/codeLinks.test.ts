import katex from 'katex';
import { describe, expect, it } from 'vitest';
import trainerSource from '../../../src/engine/trainer.ts?raw';
import {
  NOTES_PYTHON, TERM_KEYS, TERM_TEX, eq14Tex, extractRegion, pyTermOf, tsTermOf,
} from '../../../src/ui/panels/derivation/codeLinks';

const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: 'error', displayMode: true });

describe('code region of Algorithm 1', () => {
  // Fails until src/engine/trainer.ts carries the markers "// #region algorithm-1" … "// #endregion algorithm-1".
  it('exists in src/engine/trainer.ts and computes qSample and lossSimple', () => {
    const region = extractRegion(trainerSource);
    expect(region, 'the algorithm-1 region markers are missing from src/engine/trainer.ts').not.toBeNull();
    expect(region).toContain('qSample');
    expect(region).toContain('lossSimple');
    const terms = new Set(region!.split('\n').map(tsTermOf));
    for (const key of ['eps', 'xt', 'epsTheta', 'loss'] as const) expect(terms.has(key), key).toBe(true);
  });
});

describe('extractRegion', () => {
  const src = ['a', '  // #region algorithm-1', '    const x = 1;', '      y();', '  // #endregion algorithm-1', 'b'].join('\n');
  it('returns the dedented lines between the markers', () => {
    expect(extractRegion(src)).toBe('const x = 1;\n  y();');
  });
  it('returns null when a marker is missing', () => {
    expect(extractRegion('a\n// #region algorithm-1\nb')).toBeNull();
    expect(extractRegion('a\nb')).toBeNull();
  });
});

describe('line ↔ term links', () => {
  it('link the app’s lines by what they call', () => {
    expect(tsTermOf('const t = this.sampleTimesteps(batch);')).toBe('tSample');
    expect(tsTermOf("const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed);")).toBe('eps');
    expect(tsTermOf('const xt = qSample(x0, t, eps, schedule) as tf.Tensor4D;')).toBe('xt');
    expect(tsTermOf('const epsPred = model.apply(xt, tTensor);')).toBe('epsTheta');
    expect(tsTermOf('return lossSimple(eps, epsPred);')).toBe('loss');
    expect(tsTermOf('// 3. x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4), qSample(')).toBeNull();
    expect(tsTermOf('const tTensor = tf.tensor1d(Float32Array.from(t));')).toBeNull();
  });

  it('link every term of (14) to a line of the notes’ PyTorch', () => {
    const lines = NOTES_PYTHON.split('\n');
    const linked = lines.map(pyTermOf);
    for (const key of TERM_KEYS) expect(linked.includes(key), key).toBe(true);
    expect(pyTermOf('    noise = torch.randn_like(x0)')).toBe('eps');
    expect(pyTermOf('    predicted_noise = model(xt, t)')).toBe('epsTheta');
    expect(pyTermOf('    return F.mse_loss(predicted_noise, true_noise.view(-1, 28*28))')).toBe('loss');
    expect(pyTermOf('model = DenoisingModel()                    # p(x_{t-1}|x_t) with parameters')).toBeNull();
  });

  it('the notes’ code is MATH.md’s block, verbatim', () => {
    expect(NOTES_PYTHON).toContain('def lossfunction(model, x0, t):             # simple L2 between predicted and true noise');
    expect(NOTES_PYTHON.split('\n')).toHaveLength(15);
  });

  it('(14) renders with each term marked in turn', () => {
    for (const key of [null, ...TERM_KEYS]) {
      const tex = eq14Tex(key);
      expect(() => render(tex), String(key)).not.toThrow();
      if (key) expect(tex).toContain('\\colorbox');
    }
    for (const key of TERM_KEYS) expect(eq14Tex(null)).toContain(TERM_TEX[key].slice(0, 10));
  });
});
