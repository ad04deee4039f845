"""Algorithm 1 with the app's optimiser (src/engine/trainer.ts and flatAdam.ts): the notes' loss,
global-norm clipping, Adam on one flat vector in tf.train.adam's order of operations, and the
EMA with its warm-up."""
import torch

import notes

ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPSILON = 1e-7  # tfjs's backend epsilon for float32
DEFAULTS = {"lr": 1e-3, "clip": 1.0, "ema": 0.999, "batch": 64, "p_uncond": 0.1}


def ema_decay_at(decay, n):
    """d_eff = min(d, (1 + n)/(10 + n)) after n updates (counting the current one)."""
    return min(decay, (1 + n) / (10 + n))


def flat(tensors):
    return torch.cat([x.reshape(-1) for x in tensors])


class Trainer:
    def __init__(self, model, lr=DEFAULTS["lr"], clip=DEFAULTS["clip"], ema=DEFAULTS["ema"]):
        self.model, self.lr, self.clip, self.ema_decay = model, lr, clip, ema
        params = list(model.params)
        self.sizes = [p.numel() for p in params]
        total = sum(self.sizes)
        self.m = torch.zeros(total)
        self.v = torch.zeros(total)
        self.ema = flat([p.detach() for p in params]).clone()
        self.steps = 0

    def unflatten(self, vector):
        return [piece.view_as(p) for piece, p in zip(torch.split(vector, self.sizes), self.model.params)]

    def ema_tensors(self):
        return dict(zip(self.model.names, [x.clone() for x in self.unflatten(self.ema)]))

    def step(self, x0, t_index, noise=None, y=None):
        """One iteration: the notes' lossfunction, its gradient, clip, Adam, EMA. Returns the loss.
        A conditional model gets the labels y (already dropped to ∅ where Algorithm 1 drops them)."""
        params = list(self.model.params)
        model = self.model if y is None else (lambda xt, t: self.model(xt, t, y))
        loss = notes.lossfunction(model, x0, t_index, noise)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            n = self.steps + 1
            g = flat(grads)
            # 1. clip by the global norm
            g = g * (self.clip / torch.clamp(g.norm(), min=self.clip))
            # 2. moments
            self.m = self.m * ADAM_BETA1 + g * (1 - ADAM_BETA1)
            self.v = self.v * ADAM_BETA2 + g.square() * (1 - ADAM_BETA2)
            # 3. bias-corrected step
            m_hat = self.m / (1 - ADAM_BETA1 ** n)
            v_hat = self.v / (1 - ADAM_BETA2 ** n)
            theta = (m_hat / (v_hat.sqrt() + ADAM_EPSILON)) * -self.lr + flat([p.detach() for p in params])
            for p, new in zip(params, self.unflatten(theta)):
                p.copy_(new)
            # 4. EMA
            d = ema_decay_at(self.ema_decay, n)
            self.ema = self.ema * d + theta * (1 - d)
        self.steps = n
        return loss.detach()

    def state(self):
        """Tensors named as the app's checkpoints name them (src/model/serialize.ts)."""
        out = {n: p.detach().clone() for n, p in zip(self.model.names, self.model.params)}
        for n, e in self.ema_tensors().items():
            out[f"ema/{n}"] = e
        for suffix, vec in (("m", self.m), ("v", self.v)):
            for n, piece in zip(self.model.names, self.unflatten(vec)):
                out[f"opt/{n}/{suffix}"] = piece.clone()
        return out

    def load_state(self, tensors, step):
        self.model.load(tensors)
        with torch.no_grad():
            self.ema = flat([tensors[f"ema/{n}"] for n in self.model.names])
            self.m = flat([tensors[f"opt/{n}/m"] for n in self.model.names])
            self.v = flat([tensors[f"opt/{n}/v"] for n in self.model.names])
        self.steps = step


def drop_labels(labels, p_uncond, generator):
    """Classifier-free guidance's training: each label is replaced by ∅ (NULL_LABEL) with probability p_uncond."""
    from models import NULL_LABEL
    drop = torch.rand(labels.shape, generator=generator) < p_uncond
    return torch.where(drop, torch.full_like(labels, NULL_LABEL), labels)


def sample_t_index(batch, T, generator):
    """t ~ Uniform{1 … T}, as the notes' 0-based index (B, 1, 1, 1) into alpha_bar."""
    return torch.randint(0, T, (batch, 1, 1, 1), generator=generator)
