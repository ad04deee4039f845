"""How fast it learns: samples from reference checkpoints, judged by the digit classifier.

    python3 reference/evaluate.py --classifier public/models/classifier \
        reference/runs/unet16/step-*.pt

For each checkpoint: n samples (default 256) with DDIM (η = 0, 50 steps, x̂_0 clipped, fixed seed) from
its EMA weights; the share of confident digits (classifier probability ≥ 0.9), the class histogram,
and the Fréchet distance between the classifier's 64 features of the samples and of the 1,000
held-out digits. The first line is the floor: n real training digits against the same held-out set.
Prints a Markdown table.
"""
import argparse
import os

import torch

import notes
from classifier import Classifier
from data import Split
from models import create_model

CONFIDENT = 0.9

# FLOPs of one training step at batch 64, from the app's own counter (trainingStepFlops in
# src/bench/flops.ts; test/unit/bench/flops.test.ts checks these numbers against it).
TRAINING_FLOPS = {
    "U-Net 16ch": 13_580_379_860,
    "U-Net 32ch": 53_400_865_172,
    "MLP": 1_136_562_496,
}


def ddim_timesteps(T, k):
    """τ_j = T − ⌊j T / k⌋, j = 0 … k − 1 (src/diffusion/sampler.ts), then 0."""
    return [T - (j * T) // k for j in range(k)] + [0]


@torch.no_grad()
def ddim_sample(model, n, steps, seed):
    """DDIM with η = 0 and x̂_0 clipped to [−1, 1] on the notes' schedule; returns x_0 (n, 784)."""
    alpha_bar = notes.alpha_bar
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 784, generator=g)
    ts = ddim_timesteps(notes.T, steps)
    for t, t_prev in zip(ts[:-1], ts[1:]):
        ab = alpha_bar[t - 1].item()
        ab_prev = alpha_bar[t_prev - 1].item() if t_prev > 0 else 1.0
        eps = model(x, torch.full((n,), t - 1))
        x0 = ((x - (1 - ab) ** 0.5 * eps) / ab ** 0.5).clamp(-1, 1)
        eps = (x - ab ** 0.5 * x0) / (1 - ab) ** 0.5
        x = ab_prev ** 0.5 * x0 + (1 - ab_prev) ** 0.5 * eps
    return x


def frechet_distance(f1, f2):
    """‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2}), in float64, via the symmetric Σ₁^{1/2} Σ₂ Σ₁^{1/2}."""
    f1, f2 = f1.double(), f2.double()
    mu1, mu2 = f1.mean(0), f2.mean(0)
    c1, c2 = torch.cov(f1.T), torch.cov(f2.T)
    w, v = torch.linalg.eigh(c1)
    root1 = v @ torch.diag(w.clamp(min=0).sqrt()) @ v.T
    cross = torch.linalg.eigvalsh(root1 @ c2 @ root1).clamp(min=0).sqrt().sum()
    return ((mu1 - mu2) ** 2).sum().item() + (c1.trace() + c2.trace() - 2 * cross).item()


def judge(clf, x0, held_features):
    with torch.no_grad():
        features = clf.features(x0)
        probs = torch.softmax(clf.dense("logits", features), 1)
    conf, label = probs.max(1)
    hist = torch.bincount(label[conf >= CONFIDENT], minlength=10).tolist()
    return {"confident": (conf >= CONFIDENT).float().mean().item(), "hist": hist,
            "fd": frechet_distance(features, held_features)}


def load_classifier(path):
    """A classifier checkpoint (.pt) or an exported folder such as public/models/classifier (float16)."""
    if os.path.isdir(path):
        import export
        tensors, metadata = export.read(path)
        return Classifier().load(tensors), metadata["classifier"]
    saved = torch.load(path)
    return Classifier().load(saved["tensors"]), saved["meta"]


def load_denoiser(path):
    saved = torch.load(path)
    return create_model(saved["meta"]["config"]).load(saved["tensors"], prefix="ema/"), saved


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--classifier", required=True)
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("checkpoints", nargs="*")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = Split()
    clf, meta = load_classifier(args.classifier)
    with torch.no_grad():
        held = clf.features(data.held_x0)
    print(f"classifier held-out accuracy {meta['heldOutAccuracy']:.4f}")
    print("| model | steps | training FLOPs | confident ≥ 0.9 | confident digits 0–9 | Fréchet distance |")
    print("|---|---|---|---|---|---|")
    real = judge(clf, data.train_x0[torch.randperm(data.train_x0.shape[0], generator=torch.Generator().manual_seed(0))[:args.n]], held)
    print(f"| real training digits (floor) | – | – | {real['confident']:.2f} | {real['hist']} | {real['fd']:.2f} |", flush=True)
    for path in args.checkpoints:
        model, saved = load_denoiser(path)
        cfg = saved["meta"]["config"]
        name = "MLP" if cfg["kind"] == "mlp" else f"U-Net {cfg['baseChannels']}ch"
        r = judge(clf, ddim_sample(model, args.n, args.steps, args.seed), held)
        flops = TRAINING_FLOPS.get(name)
        total = f"{flops * saved['step'] / 1e12:.1f} T" if flops and saved["step"] else "–"
        print(f"| {name} | {saved['step']:,} | {total} | {r['confident']:.2f} | {r['hist']} | {r['fd']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
