"""Writes test/fixtures/parity.json: the app's unit tests check its models and trainer against it.

    python3 reference/make_fixture.py

For each of the parity configurations (a tiny MLP, a tiny U-Net, and the tiny U-Net conditioned on the
digit, with labels LABELS: two digits and ∅): seeded weights (every layer
random, the output layer too, so that gradients reach every parameter), three held-out digits x_0,
timesteps t ∈ {1, 500, 1000}, ε; then ε_θ(x_t, t) with x_t from the notes' forward_diffusion, the notes'
loss, and every tensor after one training step (clip, Adam, EMA) with the app's defaults, taken from\na mid-training state (Adam's moments and the EMA at step 9) that the app restores as a checkpoint.
The digit classifier (reference/classifier.py) gets the same treatment: seeded weights, the three
digits and their noisy versions as inputs, its class probabilities and features as outputs.
Float tensors are stored as base64 little-endian float32.
"""
import base64
import json
import math
import os

import numpy as np
import torch

import algorithm1
import notes
from data import ROOT, Split
from models import NULL_LABEL, PARITY_CONFIGS, create_model

OUT = os.path.join(ROOT, "test", "fixtures", "parity.json")
T_PAPER = [1, 500, 1000]
LABELS = [7, NULL_LABEL, 2]
RESUME_STEP = 9


def encode(tensor):
    array = tensor.detach().contiguous().numpy().astype("<f4")
    return {"shape": list(tensor.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}


def case(cfg, x0, eps, seed, labels=None):
    model = create_model(cfg, seed=seed)
    y = torch.tensor(labels) if labels is not None else None
    with torch.no_grad():  # the output layer random too (the app starts it at zero)
        g = torch.Generator().manual_seed(seed + 1)
        for name in ("out.kernel", "out.conv.kernel"):
            if name in model.index:
                p = model.p(name)
                p.copy_(torch.randn(p.shape, generator=g) * math.sqrt(2.0 / (p.numel() // p.shape[-1])))
    weights = {n: encode(p) for n, p in model.named_tensors().items()}
    t_index = torch.tensor(T_PAPER).view(-1, 1, 1, 1) - 1
    xt, _ = notes.forward_diffusion(x0, t_index, eps)
    with torch.no_grad():
        eps_theta = model(xt.view(-1, 784), t_index, y)
        loss = notes.lossfunction(lambda x, t: model(x, t, y), x0, t_index, eps)
    # Resume from a mid-training state (step 9: Adam's moments and the EMA set), as a checkpoint does: on
    # a first step Adam's update is lr · g/(|g| + ε), whose sign flips with float noise where g ≈ 0.
    trainer = algorithm1.Trainer(model)
    g = torch.Generator().manual_seed(seed + 3)
    before = {}
    for n, p in model.named_tensors().items():
        before[f"ema/{n}"] = p.detach() + 0.01 * torch.randn(p.shape, generator=g)
        before[f"opt/{n}/m"] = 5e-3 * torch.randn(p.shape, generator=g)
        before[f"opt/{n}/v"] = (5e-3 * torch.randn(p.shape, generator=g)) ** 2
        before[n] = p.detach().clone()
    trainer.load_state(before, RESUME_STEP)
    step_loss = trainer.step(x0, t_index, eps, y=y)
    assert abs(step_loss.item() - loss.item()) < 1e-6
    out = {"config": cfg, "weights": weights, "xt": encode(xt), "epsTheta": encode(eps_theta),
            "loss": loss.item(), "resumeStep": RESUME_STEP,
            "beforeStep": {n: encode(v) for n, v in before.items() if "/" in n},
            "afterStep": {n: encode(v) for n, v in trainer.state().items()}}
    if labels is not None:
        out["labels"] = labels
    return out


def classifier_case(x0, xt):
    from classifier import Classifier
    model = Classifier(torch.Generator().manual_seed(13))
    with torch.no_grad():  # biases random too, so that a swapped bias shows
        g = torch.Generator().manual_seed(14)
        for name, p in model.named_tensors().items():
            if name.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
        x = torch.cat([x0.view(-1, 784), xt.view(-1, 784).clamp(-1, 1)])
        probs = torch.softmax(model(x), dim=1)
        features = model.features(x)
    return {"weights": {n: encode(p) for n, p in model.named_tensors().items()}, "x": encode(x),
            "probs": encode(probs), "features": encode(features)}


def main():
    torch.manual_seed(0)
    data = Split()
    x0 = data.held_x0[:3].view(-1, 1, 28, 28)
    eps = torch.randn(x0.shape, generator=torch.Generator().manual_seed(3))
    fixture = {
        "about": "Written by reference/make_fixture.py (PyTorch %s); regenerate with `python3 reference/make_fixture.py`." % torch.__version__,
        "schedule": {"kind": "linear", "T": notes.T},
        "t": T_PAPER, "x0": encode(x0), "eps": encode(eps),
        "trainer": {"learningRate": algorithm1.DEFAULTS["lr"], "clipNorm": algorithm1.DEFAULTS["clip"],
                    "emaDecay": algorithm1.DEFAULTS["ema"]},
        "cases": {},
    }
    for kind, seed in (("mlp", 11), ("unet", 12)):
        fixture["cases"][kind] = case(PARITY_CONFIGS[kind], x0, eps, seed)
    fixture["cases"]["unetConditional"] = case(dict(PARITY_CONFIGS["unet"], conditional=True), x0, eps, 15, LABELS)
    xt, _ = notes.forward_diffusion(x0, torch.tensor(T_PAPER).view(-1, 1, 1, 1) - 1, eps)
    fixture["classifier"] = classifier_case(x0, xt)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f)
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
