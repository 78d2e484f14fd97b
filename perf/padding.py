"""A network training step with hyco's periodic padding (`circular_pad`) against torch's (`F.pad(mode="circular")`).

    python perf/padding.py [preset ...]        (default: burgers_1d heat_64 burgers_128)

For each preset: the preset's network, batch 16 (4 for 128x128 grids), a 3-step rollout, masked MSE, backward and an
Adam step, one torch thread. The same weights run once with hyco's convolutions and once with their classes swapped
back to torch's `nn.Conv1d`/`nn.Conv2d` (and the periodic upsampling padded by `F.pad`), alternating, best of 3."""
import copy, sys, time
import torch
import torch.nn.functional as F
from torch import nn
import hyco.synthetic as hs
from hyco.presets import preset
from hyco.synthetic import create_synthetic_model
from hyco.trainers import masked_mse
from timing import per_preset

def torch_padding(model):
    "A copy of `model` whose convolutions and upsampling pad with torch's circular `F.pad`."
    m = copy.deepcopy(model)
    for mod in m.modules():
        if isinstance(mod, hs.PeriodicConv1d): mod.__class__ = nn.Conv1d
        elif isinstance(mod, hs.PeriodicConv2d): mod.__class__ = nn.Conv2d
    return m

def fpad(x, pads): return F.pad(x, sum(((p, p) for p in pads), ()), mode="circular")

def bench(name: str, steps: int = 3, repeats: int = 3):
    cfg = preset(name)
    model = create_synthetic_model(cfg)
    res = cfg.model.physical.resolution
    batch = 4 if max(res) >= 128 else 16
    x = torch.randn(batch, model.in_channels, *res); y = torch.randn(batch, steps, model.out_channels, *res)
    n = max(2, int(2e5 // (batch * int(torch.tensor(res).prod()))))   # steps per timing
    variants = {"hyco": (model, hs.circular_pad), "torch": (torch_padding(model), fpad)}
    best = {}
    for _ in range(repeats):
        for label, (m, pad) in variants.items():
            hs.circular_pad = pad
            m = copy.deepcopy(m); opt = torch.optim.Adam(m.parameters(), 1e-3)
            def step():
                opt.zero_grad(set_to_none=True); masked_mse(m.rollout(x, steps), y).backward(); opt.step()
            step()
            t = time.perf_counter()
            for _ in range(n): step()
            best[label] = min(best.get(label, float("inf")), (time.perf_counter() - t) / n)
    hs.circular_pad = variants["hyco"][1]
    print(f"{name} ({cfg.model.synthetic.name}, batch {batch} on {res}): training step with hyco's padding "
          f"{best['hyco'] * 1e3:.1f} ms, with torch's {best['torch'] * 1e3:.1f} ms: {best['hyco'] / best['torch']:.2f}x")

if __name__ == "__main__":
    per_preset(bench, sys.argv[1:])
