"""The notes' PyTorch, kept as the notes write it (../shared/seed, MATH.md "The notes' code").

Two things the notes leave implicit are made explicit here, and nothing else changes:
- the schedule follows T (β_1 = 1e−4·1000/T, β_T = 0.02·1000/T, as the app does; at T = 1000 this is
  exactly the notes' `torch.linspace(0.0001, 0.02, T)`), computed in float64 like the app;
- `alpha_bar[t]` is indexed from 0 (alpha_bar[i] is the paper's ᾱ_{i+1}), and a batch of timesteps
  must be shaped (B, 1, 1, 1) for `alpha_bar[t] * x0` to broadcast, so callers pass that index tensor.
`forward_diffusion` takes an optional `noise` so the parity fixture can fix ε; with none it draws
`torch.randn_like(x0)` exactly as the notes do.
"""
import torch
import torch.nn.functional as F

T = 1000


def make_beta(T, kind="linear"):
    """β_t for t = 1 … T (index i ↔ t = i + 1), float64; see MATH.md "Schedule"."""
    if kind == "linear":
        scale = 1000.0 / T
        beta = torch.linspace(0.0001 * scale, 0.02 * scale, T, dtype=torch.float64)
        return beta.clamp(max=0.999)
    if kind == "cosine":
        s = 0.008
        steps = torch.arange(T + 1, dtype=torch.float64)
        f = torch.cos(((steps / T + s) / (1 + s)) * torch.pi / 2) ** 2
        alpha_bar = f / f[0]
        return (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=0.999)
    raise ValueError(f"unknown schedule {kind!r}")


beta = make_beta(T)                          # noise scheduling
alpha = 1.0 - beta
alpha_bar = torch.cumprod(alpha, dim=0).float()


def forward_diffusion(x0, t, noise=None):
    # q(x_t | x_0): noise injected up to step t (t: 0-based index into alpha_bar, shaped (B, 1, 1, 1))
    if noise is None:
        noise = torch.randn_like(x0)
    return torch.sqrt(alpha_bar[t]) * x0 + torch.sqrt(1 - alpha_bar[t]) * noise, noise


def lossfunction(model, x0, t, noise=None):
    # simple L2 between predicted and true noise (eq. 14)
    xt, true_noise = forward_diffusion(x0, t, noise)
    xt = xt.view(-1, 28 * 28)                # flatten for the linear layers
    predicted_noise = model(xt, t)
    return F.mse_loss(predicted_noise, true_noise.view(-1, 28 * 28))
