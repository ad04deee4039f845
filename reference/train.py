"""Trains ε_θ with Algorithm 1 and the app's defaults; writes checkpoints (.pt) at the steps asked for.

    python3 reference/train.py --model unet --steps 10000 --save-at 250,500,1000,2000,4000,10000 \
        --out reference/runs/unet

A run resumes from the last checkpoint in --out when one exists (so a long training can be stopped and
taken up again). Log lines: step, mean loss since the last line, seconds per step.
"""
import argparse
import glob
import json
import os
import re
import time

import torch

import algorithm1
import notes
from data import Split
from models import DEFAULT_CONFIGS, TINY_CONFIGS, create_model


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=["mlp", "unet"], default="unet")
    ap.add_argument("--size", choices=["default", "tiny"], default="default")
    ap.add_argument("--conditional", action="store_true",
                    help="class-conditional: a label embedding, labels dropped to ∅ with probability --p-uncond")
    ap.add_argument("--p-uncond", type=float, default=algorithm1.DEFAULTS["p_uncond"])
    ap.add_argument("--config", help="JSON object overriding the model configuration, e.g. '{\"baseChannels\": 32}'")
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--save-at", default="", help="comma-separated steps to checkpoint (the last step always is)")
    ap.add_argument("--save-every", type=int, default=1000, help="also checkpoint every N steps (to resume)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lr", type=float, default=algorithm1.DEFAULTS["lr"])
    ap.add_argument("--ema", type=float, default=algorithm1.DEFAULTS["ema"])
    ap.add_argument("--batch", type=int, default=algorithm1.DEFAULTS["batch"])
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: PyTorch's default)")
    return ap.parse_args()


def checkpoint_path(out, step):
    return os.path.join(out, f"step-{step:06d}.pt")


def latest_checkpoint(out):
    found = sorted(glob.glob(os.path.join(out, "step-*.pt")))
    return found[-1] if found else None


def main():
    args = parse_args()
    torch.set_flush_denormal(True)  # Adam's second moments reach denormal floats, which are slow on CPUs
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    cfg = dict((DEFAULT_CONFIGS if args.size == "default" else TINY_CONFIGS)[args.model])
    if args.conditional:
        cfg["conditional"] = True
    if args.config:
        cfg.update(json.loads(args.config))
    os.makedirs(args.out, exist_ok=True)
    save_at = {int(s) for s in args.save_at.split(",") if s} | {args.steps}
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    model = create_model(cfg, seed=args.seed)
    trainer = algorithm1.Trainer(model, lr=args.lr, ema=args.ema)
    history = []
    resume = latest_checkpoint(args.out)
    if resume:
        saved = torch.load(resume)
        trainer.load_state(saved["tensors"], saved["step"])
        history = saved["lossHistory"]
        generator.set_state(saved["generator"])
        torch.set_rng_state(saved["torchRng"])
        print(f"resumed from {resume} at step {trainer.steps}", flush=True)
    data = Split()
    meta = {"config": cfg, "seed": args.seed, "lr": args.lr, "emaDecay": args.ema, "batchSize": args.batch,
            "clipNorm": algorithm1.DEFAULTS["clip"], "schedule": {"kind": "linear", "T": notes.T},
            "trainer": "reference/train.py (PyTorch %s)" % torch.__version__}
    if cfg.get("conditional"):
        meta["pUncond"] = args.p_uncond
    started, window = time.time(), []
    while trainer.steps < args.steps:
        x0, labels = data.batch(args.batch, generator)
        t_index = algorithm1.sample_t_index(args.batch, notes.T, generator)
        y = algorithm1.drop_labels(labels, args.p_uncond, generator) if cfg.get("conditional") else None
        loss = trainer.step(x0.view(-1, 1, 28, 28), t_index, y=y)
        window.append(loss.item())
        history.append(window[-1])
        if trainer.steps % 50 == 0:
            per_step = (time.time() - started) / len(window)
            print(f"step {trainer.steps} loss {sum(window) / len(window):.5f} {per_step:.3f} s/step", flush=True)
            started, window = time.time(), []
        if trainer.steps in save_at or trainer.steps % args.save_every == 0:
            torch.save({"step": trainer.steps, "meta": meta, "tensors": trainer.state(), "lossHistory": history,
                        "generator": generator.get_state(), "torchRng": torch.get_rng_state(),
                        "date": time.strftime("%Y-%m-%d")}, checkpoint_path(args.out, trainer.steps))
            # keep only the requested checkpoints and the newest resume point
            for old in glob.glob(os.path.join(args.out, "step-*.pt")):
                step = int(re.search(r"step-(\d+)", old).group(1))
                if step not in save_at and step != trainer.steps:
                    os.remove(old)


if __name__ == "__main__":
    main()
