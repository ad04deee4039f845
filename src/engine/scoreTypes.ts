/**
 * What the engine measures: the terms of the bound, the meter's reading of samples, nearest training digits.
 * Types and constants only (structured-cloneable data), so the UI may import them without tfjs.
 */

import type { SigmaKind } from '../diffusion/bound';

/** L_{t−1} at one t (eq. 12; at t = 1 the decoder term L_0), each mean with its standard error. */
export interface LtEstimate {
  n: number;
  sqErr: number;
  sqErrSE: number;
  nats: number;
  natsSE: number;
  bitsPerDim: number;
  bitsPerDimSE: number;
}

/** The whole bound L_T + Σ L_{t−1} + L_0 (eq. 5), in bits/dim, with standard errors (SE). */
export interface BoundEstimate {
  LT: number;
  sumLt: number;
  sumLtSE: number;
  L0: number;
  L0SE: number;
  total: number;
  totalSE: number;
  /** the reverse-process variance σ_t² the terms use */
  sigma: SigmaKind;
  /** σ_1² of the decoder in L_0 (β_1 when σ² = β̃, whose β̃_1 = 0) */
  decoderVariance: number;
  /** strata of Σ L_{t−1}, and draws per stratum (and for L_0) */
  strata: number;
  n: number;
}

/** A sample is "confidently a digit" when the classifier gives its top class at least this probability. */
export const CONFIDENT = 0.9;

/** What the digit classifier (public/models/classifier/) makes of a batch of images. */
export interface DigitScores {
  /** the predicted digit of each image */
  digits: Uint8Array;
  /** the classifier's probability for that digit */
  confidence: Float32Array;
  /** images read as a digit with confidence ≥ CONFIDENT */
  confident: number;
  /** confident images per digit 0 … 9 */
  histogram: number[];
  /** the classifier's accuracy on the held-out digits (how far its verdicts can be trusted) */
  classifierAccuracy: number;
  /**
   * Fréchet distance between the classifier's features of these images and of the held-out real
   * digits (null when the digits are not loaded), and the same for as many real training digits: the
   * floor a perfect model would reach at this batch size
   */
  fd: number | null;
  fdFloor: number | null;
  /** when the images were asked to be one digit: how many are, and how varied they are */
  guidance?: GuidanceScores;
}

/** How samples asked to be one digit fare (the meter, given the digit they were asked for). */
export interface GuidanceScores {
  digit: number;
  /** share of the samples the classifier reads as that digit (guidance accuracy) */
  accuracy: number;
  /** mean distance between two samples in the classifier's features: how varied they are */
  variety: number;
  /** the same for the held-out real examples of that digit (null when the digits are not loaded) */
  realVariety: number | null;
}

/** Training digits nearest to a sample (indices into the training split, which is the dataset's start). */
export interface NearestResult {
  indices: number[];
  /** Euclidean distances, nearest first */
  distances: number[];
  /** the median distance from a held-out real digit to its nearest training digit: what "not a copy" looks like */
  typical: number;
}

