"""How fast it learns: samples from reference checkpoints, judged by the digit classifier.

    python3 reference/evaluate.py --classifier public/models/classifier \
        reference/runs/unet16/step-*.pt

For each checkpoint: n samples (default 256) with DDIM (η = 0, 50 steps, x̂_0 clipped, fixed seed) from
its EMA weights; the share of confident digits (classifier probability ≥ 0.9), the class histogram,
and the Fréchet distance between the classifier's 64 features of the samples and of the 1,000
held-out digits. The first line is the floor: n real training digits against the same held-out set.
Prints a Markdown table.

A conditional checkpoint is asked for the digits 0–9 in turn, guided with w = 2 (as the app's training
meter does); `--guidance` adds its trade-off table: for w ∈ {0, 0.5, 1, 2, 4, 8}, --per-digit samples
of each digit on one seed, the share read as the digit asked for (mean and worst digit) and the variety
(mean pairwise distance in the classifier's features) as a multiple of real examples of the digit.
"""
import argparse
import os

import torch

import notes
from classifier import Classifier
from data import Split
from models import create_model

CONFIDENT = 0.9
GUIDANCE_SWEEP = [0, 0.5, 1, 2, 4, 8]
METER_GUIDANCE = 2

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


def guided_eps(model, x, t_index, y, w):
    """ε̃ = (1 + w) ε(y) − w ε(∅) (Ho & Salimans 2022, eq. 6); plain ε_θ without labels."""
    if y is None:
        return model(x, t_index)
    if w == 0:
        return model(x, t_index, y)
    from models import NULL_LABEL
    both = model(torch.cat([x, x]), torch.cat([t_index, t_index]), torch.cat([y, torch.full_like(y, NULL_LABEL)]))
    cond, uncond = both.chunk(2)
    return (1 + w) * cond - w * uncond


@torch.no_grad()
def ddim_sample(model, n, steps, seed, y=None, w=0):
    """DDIM with η = 0 and x̂_0 clipped to [−1, 1] on the notes' schedule; returns x_0 (n, 784).
    A conditional model is asked for the labels y (n,), guided with scale w."""
    alpha_bar = notes.alpha_bar
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 784, generator=g)
    ts = ddim_timesteps(notes.T, steps)
    for t, t_prev in zip(ts[:-1], ts[1:]):
        ab = alpha_bar[t - 1].item()
        ab_prev = alpha_bar[t_prev - 1].item() if t_prev > 0 else 1.0
        eps = guided_eps(model, x, torch.full((n,), t - 1), y, w)
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


def mean_pairwise_distance(features):
    """Mean Euclidean distance between two different rows: how varied a set of images is."""
    d = torch.cdist(features.double(), features.double())
    n = features.shape[0]
    return (d.sum() / (n * (n - 1))).item()


def meter_labels(n):
    """The digits 0–9 in turn, as the app's training meter asks a conditional model."""
    return torch.arange(n) % 10


def guidance_table(model, clf, data, per_digit, steps, seed):
    """For each w: mean and worst share read as the digit asked for, and variety against real examples."""
    with torch.no_grad():
        real = {d: mean_pairwise_distance(clf.features(data.held_x0[data.held_labels == d])) for d in range(10)}
    print("| w | read as the digit asked for (mean) | worst digit | variety (× real) |")
    print("|---|---|---|---|")
    for w in GUIDANCE_SWEEP:
        acc, variety = [], []
        for d in range(10):
            x0 = ddim_sample(model, per_digit, steps, seed, torch.full((per_digit,), d), w)
            with torch.no_grad():
                features = clf.features(x0)
                label = clf.dense("logits", features).argmax(1)
            acc.append((label == d).float().mean().item())
            variety.append(mean_pairwise_distance(features) / real[d])
        worst = min(range(10), key=lambda d: acc[d])
        print(f"| {w} | {sum(acc) / 10:.2f} | {acc[worst]:.2f} ({worst}) | {sum(variety) / 10:.2f} |", flush=True)


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
    ap.add_argument("--guidance", action="store_true", help="conditional checkpoints: the guidance trade-off table")
    ap.add_argument("--per-digit", type=int, default=32)
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
        y = meter_labels(args.n) if cfg.get("conditional") else None
        r = judge(clf, ddim_sample(model, args.n, args.steps, args.seed, y, METER_GUIDANCE if y is not None else 0), held)
        flops = TRAINING_FLOPS.get(name)
        if y is not None:
            name += f", conditional (w = {METER_GUIDANCE})"
        total = f"{flops * saved['step'] / 1e12:.1f} T" if flops and saved["step"] else "–"
        print(f"| {name} | {saved['step']:,} | {total} | {r['confident']:.2f} | {r['hist']} | {r['fd']:.2f} |", flush=True)
        if y is not None and args.guidance:
            guidance_table(model, clf, data, args.per_digit, 10, args.seed)


if __name__ == "__main__":
    main()
