"""Benchmark: the HybridTrainer's orchestration overhead.

Overhead = a cycle's wall time minus the time inside the sub-trainers' `train` calls and the
generation calls, as a fraction of the cycle. Printed per cycle, with the evaluation (history
losses, validation, samples) and checkpoint shares shown separately. Run `python perf/hybrid.py`.

The mean is given over the cycles after the first, and over all: the first cycle also pays the process's one-time
imports (the first checkpoint's netCDF write makes xarray import dask.distributed, about 0.2 s)."""
import tempfile
import torch
from hyco.presets import preset
from hyco.hybrid import HybridTrainer

if __name__ == "__main__":
    torch.set_num_threads(2)
    root = tempfile.mkdtemp()
    cfg = preset("burgers_1d", **{"paths.cache_root": f"{root}/cache", "paths.results_root": f"{root}/results"})
    t = HybridTrainer.from_config(cfg, progress=False)
    h = t.train(4)
    inside = (h.time_synthetic_train + h.time_physical_train + h.time_generation_physical + h.time_generation_synthetic)
    over = h.time_cycle - inside
    for c in h.cycle.values:
        r = h.sel(cycle=c)
        print(f"cycle {c}: wall {float(r.time_cycle):.2f} s; synthetic train {float(r.time_synthetic_train):.2f} s, "
              f"physical train {float(r.time_physical_train):.2f} s, generation {float(r.time_generation_physical + r.time_generation_synthetic):.3f} s; "
              f"overhead {float(over.sel(cycle=c)):.3f} s = {float(over.sel(cycle=c) / r.time_cycle):.1%} "
              f"(of which evaluation {float(r.time_evaluation / r.time_cycle):.1%}, checkpoint {float(r.time_checkpoint / r.time_cycle):.1%})")
    later = h.cycle.values[1:]
    print(f"mean overhead over cycles {later[0]}-{later[-1]}: "
          f"{float(over.sel(cycle=later).sum() / h.time_cycle.sel(cycle=later).sum()):.1%}; "
          f"over all {h.sizes['cycle']} cycles: {float(over.sum() / h.time_cycle.sum()):.1%}")
