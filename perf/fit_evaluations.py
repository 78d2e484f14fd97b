"""Physical fit on `burgers_1d`'s real windows: loss evaluations, wall time and the learned nu, per optimizer and start.

    python perf/fit_evaluations.py [iterations]

Starts 5x below and 5x above the truth (nu = 0.05): 0.01 and 0.25. One torch thread."""
import sys, tempfile, time
import torch
from hyco.presets import preset
from hyco.dataset import HybridDataset
from hyco.physics import create_physical_model
from hyco.trainers import PhysicalTrainer

def main(iterations: int = 30):
    torch.set_num_threads(1)
    root = tempfile.mkdtemp()
    cfg = preset("burgers_1d", **{"paths.cache_root": root})
    data = HybridDataset(cfg, return_fields=True, progress=False)
    print(f"{len(data)} windows, true nu = {cfg.model.physical.true_params['nu']}, at most {iterations} iterations")
    print(f"{'method':>9} {'start':>6} {'nu':>9} {'rel err':>8} {'iters':>5} {'evals':>5} {'evals/it':>8} {'s':>6}")
    for method in ("L-BFGS", "L-BFGS-B"):
        for start in (0.01, 0.25):
            c = cfg.with_overrides(**{"trainer.physical.method": method, "model.physical.initial_params": {"nu": start}})
            model = create_physical_model(c)
            t = time.perf_counter()
            r = PhysicalTrainer(c.trainer.physical, model, progress=False).train(data, iterations)
            s = time.perf_counter() - t
            nu = model.params["nu"].item()
            print(f"{method:>9} {start:>6} {nu:>9.5f} {abs(nu / 0.05 - 1):>8.2e} {r['iterations']:>5} {r['evaluations']:>5} "
                  f"{r['evaluations'] / max(r['iterations'], 1):>8.2f} {s:>6.1f}")

if __name__ == "__main__": main(*map(int, sys.argv[1:]))
