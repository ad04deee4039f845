/**
 * Classifier-free guidance in words and TeX (Ho & Salimans 2022): why ε̃ = (1 + w) ε(y) − w ε(∅) is a
 * step along ∇ log p(y | x_t), the classifier hidden in a conditional model. The TeX is the same in
 * both languages; the prose follows the derivation panel's language.
 */
import type { Lang } from '../../../state/hash';

/** The score of q(x_t | x_0) is the noise, scaled: what lets ε_θ stand for a score. */
export const SCORE_TEX = String.raw`\nabla_{x_t}\log p(x_t\mid y) \approx -\frac{\epsilon_\theta(x_t,t,y)}{\sqrt{1-\bar\alpha_t}},\qquad \nabla_{x_t}\log p(x_t) \approx -\frac{\epsilon_\theta(x_t,t,\varnothing)}{\sqrt{1-\bar\alpha_t}}`;

/** Bayes' rule, differentiated: the implicit classifier. */
export const BAYES_TEX = String.raw`\nabla_{x_t}\log p(y\mid x_t) = \nabla_{x_t}\log p(x_t\mid y) - \nabla_{x_t}\log p(x_t) \approx -\frac{\epsilon_\theta(x_t,t,y)-\epsilon_\theta(x_t,t,\varnothing)}{\sqrt{1-\bar\alpha_t}}`;

/** The guided prediction, rewritten as a step along the implicit classifier's gradient. */
export const GUIDED_TEX = String.raw`\tilde\epsilon = (1+w)\,\epsilon_\theta(x_t,t,y) - w\,\epsilon_\theta(x_t,t,\varnothing) = \epsilon_\theta(x_t,t,y) - w\sqrt{1-\bar\alpha_t}\,\nabla_{x_t}\log p(y\mid x_t)`;

/** What sampling with ε̃ follows. */
export const TILTED_TEX = String.raw`-\frac{\tilde\epsilon}{\sqrt{1-\bar\alpha_t}} \approx \nabla_{x_t}\log\big[\,p(x_t\mid y)\;p(y\mid x_t)^{w}\,\big]`;

/** This step's combination with its numbers, e.g. ε̃ = 3 ε_θ(x_t, t, 7) − 2 ε_θ(x_t, t, ∅). */
export function guidedLiveTex(label: number, w: number, tFrom: number): string {
  const num = (v: number) => String(Number(v.toFixed(3)));
  return String.raw`\tilde\epsilon = ${num(1 + w)}\,\epsilon_\theta(x_{${tFrom}},${tFrom},${label}) - ${num(w)}\,\epsilon_\theta(x_{${tFrom}},${tFrom},\varnothing)`;
}

export interface GuidanceStrings {
  heading: string;
  intro: string;
  score: string;
  bayes: string;
  guided: string;
  tilted: string;
}

const EN: GuidanceStrings = {
  heading: 'Why the combination steers towards the digit',
  intro: 'A conditional model was trained with one label in ten dropped, so it predicts the noise both for the digit y and for “no label” ∅.',
  score: 'Since ∇ log q(x_t | x_0) = −ε/√(1 − ᾱ_t), a network that predicts ε estimates a score, the direction in which an image becomes more likely:',
  bayes: 'Bayes’ rule, log p(y | x_t) = log p(x_t | y) − log p(x_t) + log p(y), differentiated in x_t (p(y) does not depend on it), turns the difference of the two predictions into the gradient of a classifier that was never trained as one:',
  guided: 'So the guided prediction is the conditional one plus w steps along that classifier’s gradient:',
  tilted: 'and sampling with ε̃ follows p(x_t | y) p(y | x_t)^w: with w = 0 the model as trained, with w > 0 images the implicit classifier is surer of (more often the digit asked for, less varied), with w = −1 the unconditional model.',
};

const KO: GuidanceStrings = {
  heading: '왜 이 조합이 숫자 쪽으로 이끄는가',
  intro: '조건부 모델은 레이블 열 개 중 하나를 지운 채 학습했기 때문에, 숫자 y에 대한 노이즈와 “레이블 없음” ∅에 대한 노이즈를 모두 예측합니다.',
  score: '∇ log q(x_t | x_0) = −ε/√(1 − ᾱ_t) 이므로, ε을 예측하는 네트워크는 score, 즉 이미지가 더 그럴듯해지는 방향을 추정합니다:',
  bayes: '베이즈 정리 log p(y | x_t) = log p(x_t | y) − log p(x_t) + log p(y)를 x_t로 미분하면 (p(y)는 x_t와 무관), 두 예측의 차이가 따로 학습한 적 없는 분류기의 기울기가 됩니다:',
  guided: '따라서 guidance를 준 예측은 조건부 예측에 그 분류기의 기울기 방향으로 w만큼 더 간 것입니다:',
  tilted: 'ε̃으로 샘플링하면 p(x_t | y) p(y | x_t)^w 를 따릅니다. w = 0이면 학습한 그대로의 모델, w > 0이면 암묵적 분류기가 더 확신하는 이미지 (요청한 숫자가 더 자주 나오고 다양성은 줄어듦), w = −1이면 무조건부 모델입니다.',
};

export function guidanceStrings(lang: Lang): GuidanceStrings {
  return lang === 'ko' ? KO : EN;
}
