"""Exports a reference checkpoint for the app: the standard TensorFlow.js layout (model.json with a
weights manifest, one weights file), float16-quantised (tfjs's `quantization: {dtype: 'float16'}`,
dequantised on load), with the app's checkpoint metadata and a note of how the model was made.

    python3 reference/export.py reference/runs/unet16/step-009000.pt public/models/unet [classifier]
    python3 reference/export.py reference/runs/cond16/step-010000.pt public/models/unet-conditional [classifier]
    python3 reference/export.py reference/runs/classifier/classifier.pt public/models/classifier

A denoiser is exported with its EMA weights as its parameters (what sampling uses). The loss history
travels in the metadata, so the app's loss chart shows how the model was trained. Given the classifier
too, the metadata also records the share of confident digits among 256 samples by DDIM (η = 0, 10
steps, x̂_0 clipped): the figure the browser test checks the app's own sampling against.
"""
import base64
import json
import os
import sys

import numpy as np
import torch


WEIGHTS_FILE = "weights.bin"


def write(out_dir, topology, tensors, metadata):
    """model.json + weights.bin; `tensors` is an ordered list of (name, float tensor)."""
    os.makedirs(out_dir, exist_ok=True)
    specs, chunks = [], []
    for name, tensor in tensors:
        half = tensor.detach().float().contiguous().numpy().astype("<f2")
        if not np.all(np.isfinite(half)):
            raise SystemExit(f"{name}: a value does not fit in float16")
        specs.append({"name": name, "shape": list(tensor.shape), "dtype": "float32", "quantization": {"dtype": "float16"}})
        chunks.append(half.tobytes())
    data = b"".join(chunks)
    with open(os.path.join(out_dir, WEIGHTS_FILE), "wb") as f:
        f.write(data)
    model_json = {
        "format": "ddpm-explorable", "generatedBy": "reference/export.py", "convertedBy": None,
        "modelTopology": topology,
        "weightsManifest": [{"paths": [f"./{WEIGHTS_FILE}"], "weights": specs}],
        "userDefinedMetadata": metadata,
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(model_json, f, indent=1)
    print(f"wrote {out_dir}/model.json and {WEIGHTS_FILE} ({len(data)} bytes, {sum(t.numel() for _, t in tensors)} values)")


def read(model_dir):
    """The inverse of `write`: ({name: float32 tensor}, metadata) from an exported model folder."""
    with open(os.path.join(model_dir, "model.json")) as f:
        model_json = json.load(f)
    tensors, offset = {}, 0
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(model_dir, path), "rb").read() for path in group["paths"])
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            values = np.frombuffer(data, dtype="<f2", count=count, offset=offset).astype(np.float32)
            tensors[spec["name"]] = torch.from_numpy(values.reshape(spec["shape"]).copy())
            offset += 2 * count
        offset = 0
    return tensors, model_json["userDefinedMetadata"]


QUALITY_SAMPLER = {"sampler": "ddim", "eta": 0, "steps": 10, "clip": True, "n": 256, "seed": 1}
# a conditional model: each digit asked for GUIDED["perDigit"] times with guidance scale w
GUIDED = {"w": 2, "perDigit": 32}


def measure_quality(saved, classifier_path):
    """The share of confident digits in QUALITY_SAMPLER's samples, judged by the classifier."""
    from evaluate import ddim_sample, judge, load_classifier, meter_labels
    from data import Split
    from models import create_model
    model = create_model(saved["meta"]["config"]).load(saved["tensors"], prefix="ema/")
    clf, _ = load_classifier(classifier_path)
    with torch.no_grad():
        held = clf.features(Split().held_x0)
    q = QUALITY_SAMPLER
    if not model.conditional:
        r = judge(clf, ddim_sample(model, q["n"], q["steps"], q["seed"]), held)
        return dict(q, confident=round(r["confident"], 4), histogram=r["hist"])
    # a conditional model: the digits in turn at w (as the app's meter asks), and each digit's accuracy
    w, per = GUIDED["w"], GUIDED["perDigit"]
    r = judge(clf, ddim_sample(model, q["n"], q["steps"], q["seed"], meter_labels(q["n"]), w), held)
    accuracy = []
    for d in range(10):
        x0 = ddim_sample(model, per, q["steps"], q["seed"], torch.full((per,), d), w)
        with torch.no_grad():
            accuracy.append(round((clf(x0).argmax(1) == d).float().mean().item(), 4))
    return dict(q, confident=round(r["confident"], 4), histogram=r["hist"], guidance=dict(GUIDED, accuracy=accuracy))


def export_denoiser(saved, out_dir, classifier_path=None):
    meta = saved["meta"]
    cfg = meta["config"]
    from models import param_specs
    names = [name for name, _, _ in param_specs(cfg)]
    tensors = [(n, saved["tensors"][f"ema/{n}"]) for n in names]
    losses = np.asarray(saved["lossHistory"], dtype="<f4")
    metadata = {
        "app": "ddpm-explorable",
        "trainConfig": {"model": cfg["kind"], "size": "default", "batchSize": meta["batchSize"], "learningRate": meta["lr"],
                        "clipNorm": meta["clipNorm"], "ema": True, "schedule": meta["schedule"],
                        **({"conditional": True} if cfg.get("conditional") else {})},
        "step": saved["step"],
        "losses": base64.b64encode(losses.tobytes()).decode("ascii"),
        "savedAt": saved["date"],
        "pretrained": {"steps": saved["step"], "seed": meta["seed"], "trainer": meta["trainer"], "date": saved["date"],
                       "emaDecay": meta["emaDecay"], "weights": "EMA, float16",
                       **({"pUncond": meta["pUncond"]} if cfg.get("conditional") else {})},
    }
    if classifier_path:
        metadata["pretrained"]["quality"] = measure_quality(saved, classifier_path)
    write(out_dir, {"format": "ddpm-explorable", "version": 1, "config": cfg}, tensors, metadata)


def export_classifier(saved, out_dir):
    from classifier import SPECS
    tensors = []
    for name, *_ in SPECS:
        tensors += [(f"{name}.kernel", saved["tensors"][f"{name}.kernel"]), (f"{name}.bias", saved["tensors"][f"{name}.bias"])]
    metadata = {"app": "ddpm-explorable", "classifier": dict(saved["meta"], date=saved["date"])}
    write(out_dir, {"format": "ddpm-explorable-classifier", "version": 1}, tensors, metadata)


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    saved = torch.load(sys.argv[1])
    if saved.get("meta", {}).get("kind") == "classifier":
        export_classifier(saved, sys.argv[2])
    else:
        export_denoiser(saved, sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)


if __name__ == "__main__":
    main()
