"""A small digit classifier, trained on the app's training split, that judges samples: its predicted
digit and confidence, and its 64 penultimate features (for the Fréchet distance). The app runs the
same network (src/model/classifier.ts) from the export in public/models/classifier/.

    python3 reference/classifier.py --out reference/runs/classifier      # trains, prints held-out accuracy

Layers (names and TensorFlow layouts as in the denoisers): conv0 3×3 1→32, SiLU; conv1 3×3 stride 2
32→64, SiLU (14×14); conv2 3×3 stride 2 64→64, SiLU (7×7); conv3 3×3 stride 2 64→64, SiLU (4×4);
flattened in TensorFlow's (row, column, channel) order; feat dense 1024→64, SiLU (the features);
logits dense 64→10. Trained with Adam, random shifts of up to 2 pixels, and a little noise; and with
outlier exposure: noise and heavily noised digits are trained towards the uniform distribution, so that
"not a digit" reads as low confidence instead of as some digit for sure. (A global
mean instead of the flattening loses where strokes are, and with it a few points of accuracy.)
"""
import argparse
import math
import os
import time

import torch
import torch.nn.functional as F

import notes
from data import Split
from models import Denoiser

SPECS = [
    ("conv0", "conv", 3, 1, 32), ("conv1", "conv", 3, 32, 64), ("conv2", "conv", 3, 64, 64),
    ("conv3", "conv", 3, 64, 64), ("feat", "dense", None, 4 * 4 * 64, 64), ("logits", "dense", None, 64, 10),
]
STRIDES = {"conv0": 1, "conv1": 2, "conv2": 2, "conv3": 2}


class Classifier(Denoiser):
    """Reuses the denoisers' layer helpers (TensorFlow layouts and 'same' padding)."""

    def __init__(self, generator=None):
        torch.nn.Module.__init__(self)
        self.cfg = {"kind": "classifier"}
        self.names, self.params = [], torch.nn.ParameterList()
        for name, kind, k, c_in, c_out in SPECS:
            shape = [k, k, c_in, c_out] if kind == "conv" else [c_in, c_out]
            fan_in = (k * k if kind == "conv" else 1) * c_in
            self.names += [f"{name}.kernel", f"{name}.bias"]
            self.params.append(torch.nn.Parameter(torch.randn(shape, generator=generator) * math.sqrt(2.0 / fan_in)))
            self.params.append(torch.nn.Parameter(torch.zeros(c_out)))
        self.index = {n: i for i, n in enumerate(self.names)}

    def features(self, x0):
        """x_0 (B, 784) in [−1, 1] → the 64 features (B, 64)."""
        h = x0.reshape(-1, 1, 28, 28)
        for name in ("conv0", "conv1", "conv2", "conv3"):
            h = F.silu(self.conv(name, h, STRIDES[name]))
        return F.silu(self.dense("feat", h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)))

    def forward(self, x0):
        return self.dense("logits", self.features(x0))


def augment(x0, generator):
    """Random shifts of up to 2 pixels (padding with background −1) and Gaussian noise of std 0.05."""
    b = x0.shape[0]
    img = F.pad(x0.view(b, 1, 28, 28), (2, 2, 2, 2), value=-1.0)
    dx = torch.randint(0, 5, (b,), generator=generator)
    dy = torch.randint(0, 5, (b,), generator=generator)
    rows = (dy.view(b, 1) + torch.arange(28).view(1, 28)).view(b, 1, 28, 1).expand(b, 1, 28, 32)
    img = torch.gather(img, 2, rows)
    cols = (dx.view(b, 1) + torch.arange(28).view(1, 28)).view(b, 1, 1, 28).expand(b, 1, 28, 28)
    out = torch.gather(img, 3, cols)
    return (out.reshape(b, 784) + 0.05 * torch.randn(b, 784, generator=generator)).clamp(-1, 1)


def junk(x0, generator):
    """Images that are not digits, for outlier exposure: uniform and Gaussian noise, and real digits noised
    by q(x_t | x_0) at t ∈ [700, 1000] (where a sampler starts), all clipped to [−1, 1]."""
    b = x0.shape[0]
    third = b // 3
    uniform = torch.rand(third, 784, generator=generator) * 2 - 1
    gauss = torch.randn(third, 784, generator=generator)
    t = torch.randint(700, 1000, (b - 2 * third,), generator=generator)
    ab = notes.alpha_bar[t].view(-1, 1)
    noised = ab.sqrt() * x0[2 * third:] + (1 - ab).sqrt() * torch.randn(b - 2 * third, 784, generator=generator)
    return torch.cat([uniform, gauss, noised]).clamp(-1, 1)


def accuracy(model, x0, labels):
    with torch.no_grad():
        return (model(x0).argmax(1) == labels).float().mean().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)
    data = Split()
    model = Classifier(generator)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps)
    started = time.time()
    for step in range(1, args.steps + 1):
        x0, labels = data.batch(128, generator)
        # digits: their class; junk: the uniform distribution (Hendrycks et al. 2019, outlier exposure),
        # so that noise is read as no digit with confidence ≈ 0.1 instead of as some digit for sure
        junk_logits = model(junk(x0[:32], generator))
        loss = F.cross_entropy(model(augment(x0, generator)), labels) - 0.5 * F.log_softmax(junk_logits, 1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 500 == 0:
            print(f"step {step} loss {loss.item():.4f} held-out accuracy {accuracy(model, data.held_x0, data.held_labels):.4f}"
                  f" ({time.time() - started:.0f} s)", flush=True)
    os.makedirs(args.out, exist_ok=True)
    acc = accuracy(model, data.held_x0, data.held_labels)
    torch.save({"step": args.steps, "tensors": {n: p.detach().clone() for n, p in model.named_tensors().items()},
                "meta": {"kind": "classifier", "heldOutAccuracy": acc, "seed": args.seed, "steps": args.steps,
                         "trainer": "reference/classifier.py (PyTorch %s)" % torch.__version__},
                "date": time.strftime("%Y-%m-%d")}, os.path.join(args.out, "classifier.pt"))
    print(f"held-out accuracy {acc:.4f}")


if __name__ == "__main__":
    main()
