"""ε_θ(x_t, t) in PyTorch: the app's MLP and U-Net (src/model/), parameter for parameter.

Parameters carry the app's names ('down0.res0.conv1.kernel') and the app's layouts (TensorFlow's:
dense kernels [in, out], convolution kernels [k, k, in, out]), so weights move between the two
without renaming or transposing. The forward passes permute the kernels to PyTorch's layout.

A model takes the notes' arguments: flat images x_t (B, 784) and the notes' 0-based index t into
`alpha_bar` (any shape with B elements); the network itself sees the paper's timestep t = index + 1,
as the app's models do.

A configuration with "conditional": true adds one parameter, 'label.embedding' [11, 4d]: row y (digits
0–9, and row 10 for "no label") is added to the time embedding before its last SiLU, so one network
learns ε_θ(x_t, t, y) and ε_θ(x_t, t, ∅) (Ho & Salimans 2022). Without it a model is exactly the
unconditional one.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

GROUP_NORM_EPSILON = 1e-5
UNET_MID_BLOCKS = 2
NUM_CLASSES = 10
NULL_LABEL = NUM_CLASSES  # the embedding's last row: "no label" (∅)

DEFAULT_CONFIGS = {
    "mlp": {"kind": "mlp", "hidden": 1024, "depth": 2, "timeDim": 32},
    "unet": {"kind": "unet", "baseChannels": 16, "channelMults": [1, 2, 2], "groups": 8, "timeDim": 32},
}
# The app's "tiny" size (src/engine/models.ts) and the even smaller parity configurations of the fixture.
TINY_CONFIGS = {
    "mlp": {"kind": "mlp", "hidden": 64, "depth": 2, "timeDim": 16},
    "unet": {"kind": "unet", "baseChannels": 8, "channelMults": [1, 2, 2], "groups": 4, "timeDim": 16},
}
PARITY_CONFIGS = {
    "mlp": {"kind": "mlp", "hidden": 8, "depth": 2, "timeDim": 8},
    "unet": {"kind": "unet", "baseChannels": 4, "channelMults": [1, 2, 2], "groups": 2, "timeDim": 8},
}


# ---- parameter specs (names, shapes, initialisers), in the app's order (src/model/params.ts) ----

def dense_specs(prefix, n_in, n_out, zero=False):
    return [(f"{prefix}.kernel", [n_in, n_out], "zeros" if zero else ("he", n_in)),
            (f"{prefix}.bias", [n_out], "zeros")]


def conv_specs(prefix, k, c_in, c_out, zero=False):
    return [(f"{prefix}.kernel", [k, k, c_in, c_out], "zeros" if zero else ("he", k * k * c_in)),
            (f"{prefix}.bias", [c_out], "zeros")]


def group_norm_specs(prefix, c):
    return [(f"{prefix}.gamma", [c], "ones"), (f"{prefix}.beta", [c], "zeros")]


def time_mlp_specs(d):
    return dense_specs("time.dense0", d, 4 * d) + dense_specs("time.dense1", 4 * d, 4 * d)


def conditioning_specs(cfg):
    """The time MLP, then (conditional models only) the label embedding, N(0, 1) like nn.Embedding."""
    specs = time_mlp_specs(cfg["timeDim"])
    if cfg.get("conditional"):
        specs.append(("label.embedding", [NUM_CLASSES + 1, 4 * cfg["timeDim"]], ("normal", 1.0)))
    return specs


def res_block_specs(prefix, c_in, c_out, emb):
    specs = (group_norm_specs(f"{prefix}.norm1", c_in) + conv_specs(f"{prefix}.conv1", 3, c_in, c_out)
             + dense_specs(f"{prefix}.temb", emb, c_out) + group_norm_specs(f"{prefix}.norm2", c_out)
             + conv_specs(f"{prefix}.conv2", 3, c_out, c_out))
    if c_in != c_out:
        specs += conv_specs(f"{prefix}.skip", 1, c_in, c_out)
    return specs


def level_channels(cfg):
    return [cfg["baseChannels"] * m for m in cfg["channelMults"]]


def unet_specs(cfg):
    ch_l = level_channels(cfg)
    emb = 4 * cfg["timeDim"]
    specs = conditioning_specs(cfg) + conv_specs("in", 3, 1, ch_l[0])
    ch = ch_l[0]
    for lv, c in enumerate(ch_l):
        specs += res_block_specs(f"down{lv}.res0", ch, c, emb)
        ch = c
        if lv < len(ch_l) - 1:
            specs += conv_specs(f"down{lv}.downsample", 3, ch, ch)
    for m in range(UNET_MID_BLOCKS):
        specs += res_block_specs(f"mid.res{m}", ch, ch, emb)
    for lv in reversed(range(len(ch_l))):
        specs += res_block_specs(f"up{lv}.res0", ch + ch_l[lv], ch_l[lv], emb)
        ch = ch_l[lv]
        if lv > 0:
            specs += conv_specs(f"up{lv}.upsample", 3, ch, ch)
    return specs + group_norm_specs("out.norm", ch) + conv_specs("out.conv", 3, ch, 1, zero=True)


def mlp_specs(cfg):
    d = cfg["timeDim"]
    specs = conditioning_specs(cfg)
    for layer in range(cfg["depth"]):
        specs += dense_specs(f"layer{layer}", 784 + 4 * d if layer == 0 else cfg["hidden"], cfg["hidden"])
    return specs + dense_specs("out", cfg["hidden"], 784, zero=True)


def param_specs(cfg):
    return mlp_specs(cfg) if cfg["kind"] == "mlp" else unet_specs(cfg)


# ---- building blocks (src/model/layers.ts, groupNorm.ts, timeEmbedding.ts, resBlock.ts) ----

def sinusoidal_embedding(t, d):
    """[sin(t ω_i), cos(t ω_i)], ω_i = 10000^{−i/(d/2 − 1)}; t is the paper's timestep as float."""
    half = d // 2
    freqs = torch.tensor([math.exp(-math.log(10000) * i / (half - 1)) for i in range(half)],
                         dtype=torch.float32, device=t.device)
    angles = t.float().view(-1, 1) * freqs.view(1, -1)
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class Denoiser(nn.Module):
    """Common part: the named parameters in the app's layout, and the time MLP."""

    def __init__(self, cfg, generator=None):
        super().__init__()
        self.cfg = dict(cfg)
        self.names = []
        self.params = nn.ParameterList()
        for name, shape, init in param_specs(cfg):
            if init == "zeros":
                value = torch.zeros(shape)
            elif init == "ones":
                value = torch.ones(shape)
            elif init[0] == "normal":
                value = torch.randn(shape, generator=generator) * init[1]
            else:
                value = torch.randn(shape, generator=generator) * math.sqrt(2.0 / init[1])
            self.names.append(name)
            self.params.append(nn.Parameter(value))
        self.index = {n: i for i, n in enumerate(self.names)}

    def p(self, name):
        return self.params[self.index[name]]

    def named_tensors(self):
        return {n: p for n, p in zip(self.names, self.params)}

    @torch.no_grad()
    def load(self, tensors, prefix=""):
        """Copies tensors[prefix + name] into every parameter (e.g. prefix 'ema/' for the EMA weights)."""
        for n, p in zip(self.names, self.params):
            p.copy_(tensors[prefix + n])
        return self

    def dense(self, prefix, x):
        return x @ self.p(f"{prefix}.kernel") + self.p(f"{prefix}.bias")

    def conv(self, prefix, x, stride=1):
        """k×k convolution with TensorFlow's 'same' padding (for stride 2 the extra row is at the bottom)."""
        kernel = self.p(f"{prefix}.kernel")
        k = kernel.shape[0]
        weight = kernel.permute(3, 2, 0, 1)
        size = x.shape[-1]
        out = -(-size // stride)
        pad = max((out - 1) * stride + k - size, 0)
        before = pad // 2
        x = F.pad(x, (before, pad - before, before, pad - before))
        return F.conv2d(x, weight, self.p(f"{prefix}.bias"), stride=stride)

    def group_norm(self, prefix, x):
        return F.group_norm(x, self.cfg["groups"], self.p(f"{prefix}.gamma"), self.p(f"{prefix}.beta"),
                            GROUP_NORM_EPSILON)

    @property
    def conditional(self):
        return bool(self.cfg.get("conditional"))

    def time_embedding(self, t, y=None):
        """SiLU(dense1(SiLU(dense0(sinusoid(t)))) [+ E_y]), the input every block sees."""
        h = F.silu(self.dense("time.dense0", sinusoidal_embedding(t, self.cfg["timeDim"])))
        h = self.dense("time.dense1", h)
        if self.conditional:
            if y is None:
                y = torch.full((t.shape[0],), NULL_LABEL, dtype=torch.long)
            h = h + self.p("label.embedding")[y.reshape(-1)]
        elif y is not None:
            raise ValueError("an unconditional model takes no label")
        return F.silu(h)

    def forward(self, xt, t_index, y=None):
        """ε_θ on the notes' arguments: x_t (B, 784), the 0-based index t and (conditional models) the
        labels y (B,) with 10 for "no label" (the default); returns (B, 784)."""
        t = t_index.reshape(-1).float() + 1
        return self.eps(xt.reshape(-1, 784), t, y)


class MLP(Denoiser):
    """The notes' DenoisingModel: [x_t, SiLU(temb)] → depth × (dense, SiLU) → dense to 784."""

    def eps(self, xt, t, y=None):
        h = torch.cat([xt, self.time_embedding(t, y)], dim=1)
        for layer in range(self.cfg["depth"]):
            h = F.silu(self.dense(f"layer{layer}", h))
        return self.dense("out", h)


class UNet(Denoiser):
    """28×28 → 14×14 → 7×7 and back, one residual block per level, skips concatenated."""

    def res_block(self, prefix, x, emb):
        h = self.conv(f"{prefix}.conv1", F.silu(self.group_norm(f"{prefix}.norm1", x)))
        h = h + self.dense(f"{prefix}.temb", emb)[:, :, None, None]
        h = self.conv(f"{prefix}.conv2", F.silu(self.group_norm(f"{prefix}.norm2", h)))
        skip = self.conv(f"{prefix}.skip", x) if f"{prefix}.skip.kernel" in self.index else x
        return skip + h

    def eps(self, xt, t, y=None):
        levels = len(self.cfg["channelMults"])
        emb = self.time_embedding(t, y)
        h = self.conv("in", xt.reshape(-1, 1, 28, 28))
        skips = []
        for lv in range(levels):
            h = self.res_block(f"down{lv}.res0", h, emb)
            skips.append(h)
            if lv < levels - 1:
                h = self.conv(f"down{lv}.downsample", h, stride=2)
        for m in range(UNET_MID_BLOCKS):
            h = self.res_block(f"mid.res{m}", h, emb)
        for lv in reversed(range(levels)):
            h = self.res_block(f"up{lv}.res0", torch.cat([h, skips[lv]], dim=1), emb)
            if lv > 0:
                h = self.conv(f"up{lv}.upsample", F.interpolate(h, scale_factor=2, mode="nearest"))
        h = self.conv("out.conv", F.silu(self.group_norm("out.norm", h)))
        return h.reshape(-1, 784)


def create_model(cfg, seed=None):
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    return (MLP if cfg["kind"] == "mlp" else UNet)(cfg, generator)
