/** Korean prose of the derivation steps, in the wording of the notes; `$…$` is inline TeX. */
import type { StepId, StepProse } from './stepTypes';

const r = String.raw;

export const STEPS_KO: Record<StepId, StepProse> = {
  model: {
    reason: r`reverse process를 나타내는 $p_\theta(\mathbf{x}_{0:T})$는 $\mathbf{x}_0$부터 $\mathbf{x}_T$까지의 전체 latent variable의 결합 분포이고, $p(\mathbf{x}_T)$는 $\mathcal{N}(\mathbf{x}_T;\mathbf{0},\mathbf{I})$ 표준정규분포를 따른다. 각각의 $p_\theta(\mathbf{x}_{t-1}\mid\mathbf{x}_t)$는 평균 $\boldsymbol{\mu}_\theta$과 공분산 $\boldsymbol{\Sigma}_\theta$를 가지는 Gaussian 분포로 정의된다.`,
  },
  forward: {
    reason: r`forward process를 나타내는 $q(\mathbf{x}_{1:T}\mid\mathbf{x}_0)$는 data에 점진적으로 noise를 추가하는 과정으로, variance schedule $\beta_t$에 따라 결정되며 (2)의 우측분포로 나타낼 수 있다.`,
  },
  marginal: {
    reason: r`β변수는 $\alpha_t := 1-\beta_t$로도 표현할 수 있고, $\bar\alpha_t$를 쓰면 $\mathbf{x}_0$에서 임의의 시점 $t$까지 한 번에 noise를 주입할 수 있다.`,
    detail: r`$t$에 대한 귀납법: Gaussian에 독립인 Gaussian noise를 더해도 Gaussian이고 분산은 더해진다, $\alpha_t(1-\bar\alpha_{t-1}) + (1-\alpha_t) = 1-\bar\alpha_t$.`,
  },
  bound: {
    reason: r`학습을 통해 $q(\mathbf{x}_{1:T}\mid\mathbf{x}_0)$의 분포와 $p_\theta(\mathbf{x}_{0:T})$의 분포가 유사하도록 만들어야 하는데, $-\log p_\theta(\mathbf{x}_0)$는 직접 계산할 수 없으므로 그 상한 $L$의 평균값을 줄이는 방향으로 최적화하면 된다.`,
    detail: r`$p_\theta(\mathbf{x}_0)$를 forward process에 대한 기댓값으로 쓰고 Jensen 부등식을 적용한다 ($-\log$는 볼록함수).`,
  },
  expand: {
    reason: r`(17) 수식에 (1)과 (2)의 곱을 대입하면 위 식 (18)을 얻을 수 있게 된다 (곱의 log는 log의 합).`,
  },
  split: {
    reason: r`(18) 식을 $t=1$일 때와 $t\ge 2$일 때로 나누어 (19)로 표현한다.`,
  },
  bayes: {
    reason: r`BAYESIAN RULE과 원본이미지를 추가적으로 알았을 조건을 추가하여 위 식을 도출한다. original img를 안다면, forward process를 통해 reverse process의 분포를 정확히 알 수 있게 된다.`,
    detail: r`$\mathbf{x}_{t-1}$이 주어지면 forward step은 $\mathbf{x}_0$에 의존하지 않으므로 (markov chain) $q(\mathbf{x}_t\mid\mathbf{x}_{t-1}) = q(\mathbf{x}_t\mid\mathbf{x}_{t-1},\mathbf{x}_0)$이고, 모든 항에 $\mathbf{x}_0$ 조건을 붙인 채 bayesian rule을 적용한다.`,
  },
  substitute: {
    reason: r`$q(\mathbf{x}_t\mid\mathbf{x}_{t-1})$을 위에서 도출한 식을 기반으로 바꾸고 식을 정리하여 (20)을 얻는다.`,
  },
  telescope: {
    reason: r`$q(\mathbf{x}_{t-1}\mid\mathbf{x}_0)/q(\mathbf{x}_t\mid\mathbf{x}_0)$의 곱은 앞뒤 항이 서로 소거되고(telescoping), 남은 항은 $t=1$ 항과 소거된다.`,
    detail: r`$t = 2,\dots,T$에 대한 곱에서 각 분자는 바로 앞 항의 분모와 소거되어 $q(\mathbf{x}_1\mid\mathbf{x}_0)/q(\mathbf{x}_T\mid\mathbf{x}_0)$만 남고, $q(\mathbf{x}_1\mid\mathbf{x}_0)$은 $t=1$ 항과 소거된다.`,
  },
  kl: {
    reason: r`결과적으로 정리하면 위와 같은 수식을 얻을 수 있다: 같은 변수의 두 분포의 log 비의 기댓값은 KL divergence이고, 세 종류의 항을 $L_T$, $L_{t-1}$, $L_0$라 한다. L은 (5)로 나타낼 수 있다.`,
    detail: r`$\mathbf{x}_0$와 $\mathbf{x}_t$는 바깥에 두고, $\mathbf{x}_{t-1}\sim q(\mathbf{x}_{t-1}\mid\mathbf{x}_t,\mathbf{x}_0)$에 대한 기댓값을 안쪽에서 취한다.`,
  },
  posterior: {
    reason: r`여기서 $\tilde{\boldsymbol{\mu}}_t$를 구하기 위한 $q(\mathbf{x}_{t-1}\mid\mathbf{x}_t,\mathbf{x}_0)$의 분포는 위와 같이 구할 수가 있는데, 원본이미지 $\mathbf{x}_0$를 알기 때문에 닫힌 형태의 Gaussian이 된다.`,
    detail: r`완전제곱식: (2)와 (4)의 두 Gaussian의 곱은 $\mathbf{x}_{t-1}$에 대한 Gaussian이므로 $\mathbf{x}_{t-1}^2$ 항에서 정밀도(분산의 역수)를, 1차 항에서 평균을 읽는다.`,
  },
  klGauss: {
    reason: r`$\boldsymbol{\Sigma}_\theta = \sigma_t^2\mathbf{I}$로 고정하면 두 Gaussian 사이의 KL은 평균 차이의 제곱과 상수 $C$로 정리된다.`,
    detail: r`$D = 784$차원 등방 Gaussian 두 개 사이의 KL의 닫힌 형태; $\theta$에 의존하는 것은 평균 항뿐이다.`,
  },
  reparam: {
    reason: r`(4)를 $\mathbf{x}_0$에 대해 정리하면, 위 식과 같이 $\mathbf{x}_0$를 $\mathbf{x}_t$와 noise $\boldsymbol{\epsilon}$으로 표현할 수 있게 된다. 이것을 다음 단계에서 대입한다.`,
  },
  plugIn: {
    reason: r`이 $\mathbf{x}_0$를 (8)의 $\tilde{\boldsymbol{\mu}}_t$에 대입한다; 기댓값은 이제 $\mathbf{x}_0$와 $\boldsymbol{\epsilon}$에 대한 것이다.`,
  },
  simplify: {
    reason: r`(7)을 이용해 정리하면 posterior 평균은 $\mathbf{x}_t$에서 noise $\boldsymbol{\epsilon}$의 배수를 뺀 값이 된다. 그 유도과정은 '자세히'에 있다.`,
    detail: r`$\mathbf{x}_t$와 $\boldsymbol{\epsilon}$의 계수를 각각 모으고 $\beta_t + \alpha_t(1-\bar\alpha_{t-1}) = 1-\bar\alpha_t$를 이용한다.`,
  },
  epsParam: {
    reason: r`$\boldsymbol{\mu}_\theta$는 $\mathbf{x}_t$를 입력으로 받으므로 모르는 것은 $\boldsymbol{\epsilon}$뿐이다; 그래서 network $\boldsymbol{\epsilon}_\theta$가 noise를 예측하도록 한다.`,
  },
  epsLoss: {
    reason: r`결론적으로 $L_{t-1}$은 위 식과 같이 정리되고, epsilon이 변수로 들어가게 된다.`,
    detail: r`$\mathbf{x}_t$ 항은 소거되고 남는 것은 상수 곱하기 $\boldsymbol{\epsilon}_\theta - \boldsymbol{\epsilon}$이며, 제곱하면 가중치 $\lambda_t$가 된다.`,
  },
  constants: {
    reason: r`$L_T$에는 학습할 변수가 없고 ($q$는 고정, $p(\mathbf{x}_T) = \mathcal{N}(\mathbf{0},\mathbf{I})$) $\bar\alpha_T \approx 0$이므로 0에 가까운 상수다: 학습에서 무시해도 된다.`,
  },
  decoder: {
    reason: r`$L_0$는 다르다: decoder (13)은 각 픽셀의 확률을 폭 $2/255$의 구간에 주고 (양 끝 구간은 $\pm\infty$까지), 그 평균 $\boldsymbol{\mu}_\theta(\mathbf{x}_1, 1)$은 network가 정하므로 $L_0$는 $\theta$에 의존한다. 작지도 않다: CIFAR-10에서는 bound의 절반이 넘고 (§4.3: rate 1.78, distortion 1.97 bits/dim), 여기서도 $\sigma_1^2 = \beta_1$이면 완벽한 $\boldsymbol{\epsilon}_\theta$도 가장자리 픽셀 하나에 약 0.6 bit를 치른다.`,
  },
  simple: {
    reason: r`즉, $L_T$와 $L_0$는 변수에 영향을 적게 주거나 주지 않으므로 $L_{t-1}$만 고려해서 간단히 나타내면 (14)식과 같이 표현할 수 있다 (가중치 $\lambda_t$도 버리고 $t$는 균등하게 뽑는다).`,
    note: r`바로잡기: $L_0$는 $\theta$에 의존하고 작지 않다. 버려지는 것이 아니라, (14)의 $t = 1$ 항이 $L_0$를 근사한다 (§3.4: 구간의 확률을 밀도 × 구간 폭으로 보고, $\sigma_1^2$와 양 끝 구간은 무시한다). 버려지는 것은 $L_T$뿐이다.`,
  },
};
