/** The panel's prose in Korean (see strings.ts). */
import type { PanelStrings } from './strings';

const r = String.raw;

export const STRINGS_KO: PanelStrings = {
  intro:
    'DDPM은 왜 noise를 예측하도록 학습할까? 모델에서 출발해 negative log-likelihood의 상한을 따라 Algorithm 1의 간단한 loss까지 유도해 본다. 각 줄에는 논문의 식 번호와 그 변형이 성립하는 이유가 있고, 바로 앞 줄에서 바뀐 항은 밑줄과 색으로 표시된다.',
  stepsHeading: '한 단계씩 따라가는 유도과정',
  next: '다음 단계',
  previous: '이전',
  showAll: '모두 보기',
  startOver: '처음부터',
  progress: (n, total) => `${total}단계 중 ${n}단계를 보는 중.`,
  announce: (n, total, eq) => `${total}단계 중 ${n}단계: ${eq}.`,
  changed: '바뀐 항 (밑줄):',
  proof: '유도과정 자세히',
  liveHeading: '현재 $t$에서의 값',
  liveT0: 't = 0에서는 유도할 단계가 없으므로 (x₀는 원본 데이터 자체) 아래 값은 t = 1의 값이다.',
  liveT1: r`$t = 1$에서는 $\bar\alpha_0 = 1$이므로 $\tilde\beta_1 = 0$이다: posterior가 한 점에 몰려 있어 $\sigma_1^2 = \tilde\beta_1$이면 Gaussian KL과 $\lambda_1$이 정의되지 않는다 ($\infty$). 이때 bound는 대신 decoder $L_0 = -\log p_\theta(\mathbf{x}_0\mid\mathbf{x}_1)$를 쓴다.`,
  quantity: '값의 이름',
  value: '값',
  meaning: '의미',
  meanings: {
    beta: '$t$ 단계에서 추가되는 분산 (2)',
    alpha: '$1 - \\beta_t$',
    alphaBar: '$t$ 단계 후 남은 신호 (4)',
    alphaBarPrev: '한 단계 전의 같은 값',
    betaTilde: 'posterior의 분산 (7)',
    coefX0: '$\\tilde{\\boldsymbol{\\mu}}_t$에서 $\\mathbf{x}_0$의 계수 (7)',
    coefXt: '$\\tilde{\\boldsymbol{\\mu}}_t$에서 $\\mathbf{x}_t$의 계수 (7)',
    lambdaBeta: '$\\sigma_t^2 = \\beta_t$일 때 $L_{t-1}$의 가중치 (12)',
    lambdaBetaTilde: '$\\sigma_t^2 = \\tilde\\beta_t$일 때 $L_{t-1}$의 가중치 (12)',
  },
  lambdaHeading: r`$L_{\mathrm{simple}}$이 가중치 $\lambda_t$를 버리는 이유`,
  lambdaSentence: r`$\lambda_t$를 버리면 작은 $t$의 항들의 비중이 줄어들고 ($\lambda_t$는 작은 $t$에서 가장 크다), 논문에서는 이렇게 하는 것이 더 좋은 샘플을 만든다는 것을 발견했다.`,
  lambdaCosine: r`cosine schedule에서는 마지막 몇 단계에서 $\beta_t \to 1$이 되면서 $\lambda_t$가 다시 커진다 ($\beta_T$는 0.999로 잘린다); 논문의 설명은 linear schedule에 대한 것이다.`,
  chartHint: '그래프를 클릭하면 t가 바뀐다.',
  chartLabel: (t, b, bt) => `로그 축의 λ_t 그래프, σ_t² = β_t와 σ_t² = β̃_t; t = ${t}에서 ${b}, ${bt}.`,
  modelHeading: '학습한 모델의 값',
  noModel: '먼저 (training 패널에서) 모델을 학습시키면 여기에 그 값이 나타난다.',
  modelIntro: (steps) => `${steps}번 학습한 모델에 대한 Monte-Carlo 추정값 (±1 표준오차).`,
  sigmaLabel: 'reverse 분산 σ_t²',
  estimating: '추정하는 중…',
  draws: '번 추출',
  boundButton: '전체 bound 추정하기',
  cancel: '취소',
  boundProgress: 'bound 추정 진행률',
  cancelled: '취소되었다.',
  failed: '추정하지 못했다:',
  total: '합계',
  boundMethod: (strata, n, sigmaTex, v) =>
    `(±1 표준오차) Σ L_{t−1}은 t를 ${strata}개 구간으로 나눈 층화 추정이다: 구간마다 ${n}번 추출하고, 추출마다 그 구간 안에서 t를 균등하게 뽑고, held-out 숫자와 새 ε를 쓴다 (불편 추정). 각 항은 ${sigmaTex}를 쓰고, L_0은 decoder 분산 σ_1² = ${v}를 쓴다.`,
  codeHeading: '수식에서 코드로',
  codeNote:
    '노트의 alpha_bar[t]는 0부터 세므로 논문의 번호로는 ᾱ_{t+1}이다; t가 배치이면 이미지 전체에 broadcast되도록 alpha_bar[t].view(-1, 1, 1, 1)이 필요하다.',
  codeIntro:
    '결국 특정 시점에서의 noise를 비교하여 그 차이를 최소화하도록 파라미터를 update하는 것이다. 노트의 python loss function과 이 앱의 학습 코드를 나란히 놓고, 각 줄을 (14)의 어느 항을 계산하는지와 연결했다. 줄에 마우스를 올리거나 포커스하면 짝이 되는 줄과 항이 표시된다.',
  pythonCaption: '노트의 PyTorch 코드',
  tsCaption: '이 앱의 TypeScript (src/engine/trainer.ts, Algorithm 1)',
  sourceNotFound: '소스를 찾지 못했다: 이 빌드의 src/engine/trainer.ts에 Algorithm 1 영역이 없다.',
  terms: {
    tSample: '시점 t를 뽑는다',
    eps: 'noise ε를 뽑는다',
    xt: 'x₀를 기점으로 t시점까지의 noise 주입 (4)',
    epsTheta: '모델 ε_θ가 noise를 예측한다',
    loss: '모델이 예측한 noise와 실제 추가된 noise 사이의 L2 손실',
  },
};
