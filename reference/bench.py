"""The PyTorch column of `npm run bench`: the reference's training step (the same models, Algorithm 1
with clip, Adam and EMA) and DDIM sampling on this machine's CPU, timed, printed as one JSON object.

    /usr/bin/python3 reference/bench.py [--quick]

For each model (default sizes) and batch (16, 64): the median of n timed steps after two untimed ones,
with one thread and with PyTorch's default thread count. Sampling: 16 images by DDIM (η = 0), per step.
"""
import argparse
import json
import os
import statistics
import time

import torch

import algorithm1
import notes
from evaluate import ddim_sample
from models import DEFAULT_CONFIGS, create_model


def time_training(kind, batch, steps):
    model = create_model(dict(DEFAULT_CONFIGS[kind]), seed=1)
    trainer = algorithm1.Trainer(model)
    g = torch.Generator().manual_seed(1)
    x0 = torch.rand(batch, 1, 28, 28, generator=g) * 2 - 1
    times = []
    for i in range(steps + 2):
        t_index = algorithm1.sample_t_index(batch, notes.T, g)
        started = time.perf_counter()
        trainer.step(x0, t_index)
        if i >= 2:
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def time_sampling(kind, steps):
    model = create_model(dict(DEFAULT_CONFIGS[kind]), seed=1)
    ddim_sample(model, 16, 2, seed=1)  # warm-up
    started = time.perf_counter()
    ddim_sample(model, 16, steps, seed=1)
    return (time.perf_counter() - started) * 1000 / steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    torch.set_flush_denormal(True)
    default_threads = torch.get_num_threads()
    steps = 3 if args.quick else 10
    rows, sampling = [], []
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        for kind in ("unet", "mlp"):
            for batch in (16, 64):
                rows.append({"model": kind, "size": "default", "batch": batch, "threads": threads,
                             "msPerStep": time_training(kind, batch, steps)})
            sampling.append({"model": kind, "size": "default", "images": 16, "threads": threads,
                             "msPerStep": time_sampling(kind, 5 if args.quick else 20)})
    print(json.dumps({"torch": torch.__version__, "cpuCount": os.cpu_count(), "defaultThreads": default_threads,
                      "training": rows, "sampling": sampling}))


if __name__ == "__main__":
    main()
