/** English prose of the derivation steps; `$…$` is inline TeX. */
import type { StepId, StepProse } from './stepTypes';

const r = String.raw;

export const STEPS_EN: Record<StepId, StepProse> = {
  model: {
    reason: r`The model (reverse process): a Markov chain that starts from pure noise $p(\mathbf{x}_T) = \mathcal{N}(\mathbf{0}, \mathbf{I})$ and removes noise with learned Gaussian steps of mean $\boldsymbol{\mu}_\theta$ and covariance $\boldsymbol{\Sigma}_\theta$.`,
  },
  forward: {
    reason: r`The forward process is fixed, not learned: each step shrinks the image by $\sqrt{1-\beta_t}$ and adds Gaussian noise of variance $\beta_t$ (the variance schedule).`,
  },
  marginal: {
    reason: r`Gaussians compose, so with $\alpha_t = 1-\beta_t$ and $\bar\alpha_t = \prod_s \alpha_s$ any step $t$ can be reached from $\mathbf{x}_0$ in one jump.`,
    detail: r`Induction on $t$: a scaled Gaussian plus independent Gaussian noise is Gaussian and the variances add, $\alpha_t(1-\bar\alpha_{t-1}) + (1-\alpha_t) = 1-\bar\alpha_t$.`,
  },
  bound: {
    reason: r`Training should make $-\log p_\theta(\mathbf{x}_0)$ small, but it is intractable; minimise its variational upper bound $L$ instead.`,
    detail: r`Write $p_\theta(\mathbf{x}_0)$ as an expectation over the forward process and use Jensen's inequality ($-\log$ is convex).`,
  },
  expand: {
    reason: r`Insert the products (1) and (2): the log of a product becomes a sum of logs.`,
  },
  split: {
    reason: r`Split the sum into $t \ge 2$ and the single term $t = 1$, which will become the decoder $L_0$.`,
  },
  bayes: {
    reason: r`Bayes' rule, with $\mathbf{x}_0$ added as a condition (allowed by the Markov property), turns each forward step around: if we know the original image, the reverse-direction distribution is known exactly.`,
    detail: r`Given $\mathbf{x}_{t-1}$, the forward step does not look at $\mathbf{x}_0$, so $q(\mathbf{x}_t\mid\mathbf{x}_{t-1}) = q(\mathbf{x}_t\mid\mathbf{x}_{t-1},\mathbf{x}_0)$; then apply Bayes' rule with everything conditioned on $\mathbf{x}_0$.`,
  },
  substitute: {
    reason: r`Replace $q(\mathbf{x}_t\mid\mathbf{x}_{t-1})$ in (19) by the Bayes form, for every $t > 1$.`,
  },
  telescope: {
    reason: r`The ratios $q(\mathbf{x}_{t-1}\mid\mathbf{x}_0)/q(\mathbf{x}_t\mid\mathbf{x}_0)$ telescope, and what is left cancels against the $t = 1$ term.`,
    detail: r`In the product over $t = 2,\dots,T$ every numerator cancels the previous denominator; only $q(\mathbf{x}_1\mid\mathbf{x}_0)/q(\mathbf{x}_T\mid\mathbf{x}_0)$ survives, and $q(\mathbf{x}_1\mid\mathbf{x}_0)$ then cancels with the $t = 1$ term.`,
  },
  kl: {
    reason: r`Each expected log-ratio of two densities of the same variable is a KL divergence; name the three kinds of terms $L_T$, $L_{t-1}$ and $L_0$.`,
    detail: r`Take the expectation over $\mathbf{x}_{t-1}\sim q(\mathbf{x}_{t-1}\mid\mathbf{x}_t,\mathbf{x}_0)$ inside, keeping $\mathbf{x}_0$ and $\mathbf{x}_t$ outside.`,
  },
  posterior: {
    reason: r`With $\mathbf{x}_0$ known the posterior is a Gaussian in closed form: its mean $\tilde{\boldsymbol{\mu}}_t$ mixes $\mathbf{x}_0$ and $\mathbf{x}_t$, its variance $\tilde\beta_t$ depends on the schedule only.`,
    detail: r`Completing the square: the product of the two Gaussians (2) and (4) in $\mathbf{x}_{t-1}$ is a Gaussian; read its precision off the $\mathbf{x}_{t-1}^2$ term and its mean off the linear term.`,
  },
  klGauss: {
    reason: r`Fix $\boldsymbol{\Sigma}_\theta = \sigma_t^2\mathbf{I}$; the KL between two Gaussians is then a squared distance of their means plus a constant $C$.`,
    detail: r`The closed form of the KL between two isotropic Gaussians in $D = 784$ dimensions; only the mean term depends on $\theta$.`,
  },
  reparam: {
    reason: r`Write $\mathbf{x}_t$ as a function of $\mathbf{x}_0$ and the noise $\boldsymbol{\epsilon}$ (4), and solve for $\mathbf{x}_0$.`,
  },
  plugIn: {
    reason: r`Substitute this $\mathbf{x}_0$ into $\tilde{\boldsymbol{\mu}}_t$ of (8); the expectation is now over $\mathbf{x}_0$ and $\boldsymbol{\epsilon}$.`,
  },
  simplify: {
    reason: r`Simplify with (7): the posterior mean is $\mathbf{x}_t$ minus a multiple of the noise $\boldsymbol{\epsilon}$, rescaled.`,
    detail: r`Collect the coefficients of $\mathbf{x}_t$ and of $\boldsymbol{\epsilon}$, using $\beta_t + \alpha_t(1-\bar\alpha_{t-1}) = 1-\bar\alpha_t$.`,
  },
  epsParam: {
    reason: r`$\boldsymbol{\mu}_\theta$ is given $\mathbf{x}_t$ and must match (10); only $\boldsymbol{\epsilon}$ is unknown, so let a network $\boldsymbol{\epsilon}_\theta$ predict the noise.`,
  },
  epsLoss: {
    reason: r`Insert (11) into (10): $L_{t-1}$ becomes a weighted squared error between the true and the predicted noise; $\boldsymbol{\epsilon}$ is now the variable.`,
    detail: r`The $\mathbf{x}_t$ terms cancel; the rest is a constant times $\boldsymbol{\epsilon}_\theta - \boldsymbol{\epsilon}$, and squaring gives the weight $\lambda_t$.`,
  },
  constants: {
    reason: r`$L_T$ has no parameters ($q$ is fixed and $p(\mathbf{x}_T) = \mathcal{N}(\mathbf{0},\mathbf{I})$), and with $\bar\alpha_T \approx 0$ it is close to 0: training can ignore it.`,
  },
  decoder: {
    reason: r`$L_0$ is different: the decoder (13) puts each pixel's probability on its bin of width $2/255$ (the edge bins reach to $\pm\infty$), and its mean $\boldsymbol{\mu}_\theta(\mathbf{x}_1, 1)$ comes from the network, so $L_0$ depends on $\theta$. Nor is it small: on CIFAR-10 it is more than half the bound (§4.3: a rate of 1.78 against a distortion of 1.97 bits/dim), and here, with $\sigma_1^2 = \beta_1$, even a perfect $\boldsymbol{\epsilon}_\theta$ pays about 0.6 bits on an edge pixel.`,
  },
  simple: {
    reason: r`Keep only the $L_{t-1}$ terms, drop the weight $\lambda_t$ and sample $t$ uniformly: the simple loss that Algorithm 1 minimises. Its $t = 1$ term is $L_0$ approximated (§3.4): the bin's probability as density × bin width, ignoring $\sigma_1^2$ and the edge bins; $L_T$ is simply left out.`,
  },
};
