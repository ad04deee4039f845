import { expect, it } from 'vitest';
import { PARITY_CASES, type ParityReport } from '../../../src/bench/parity';

/**
 * The parity checks every backend must pass in Node (test/fixtures/parity.json against PyTorch):
 * ε_θ and the loss to 1e-5, one training step to 1e-4, the classifier to 1e-5, no tensor left behind.
 * `report` is read when the tests run (the suite computes it in beforeAll).
 */
export function itAgreesWithTheReference(report: () => ParityReport): void {
  it.each(PARITY_CASES)('%s: x_t agrees to 1e-6, ε_θ(x_t, t) and the loss to 1e-5', (kind) => {
    const r = report().models[kind];
    expect(r.xt).toBeLessThan(1e-6);
    expect(r.epsTheta).toBeLessThan(1e-5);
    expect(r.loss).toBeLessThan(1e-5);
  });
  it.each(PARITY_CASES)('%s: one training step from a restored mid-training state gives the same weights, EMA and Adam moments to 1e-4', (kind) => {
    const r = report().models[kind];
    expect(r.stepNamesDiffer).toEqual([]);
    expect(r.step, r.stepWorst).toBeLessThan(1e-4);
  });
  it('the digit classifier gives the same probabilities and features to 1e-5', () => {
    expect(report().classifier.probs).toBeLessThan(1e-5);
    expect(report().classifier.features).toBeLessThan(1e-5);
  });
  it('leaves no tensor behind', () => {
    expect(report().leaked).toBe(0);
  });
}
