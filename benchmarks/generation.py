"""Benchmark: batched generation of 32 simulations against 32 single-simulation calls.

Run with `python benchmarks/generation.py [preset]`; prints both times and the ratio."""
import sys, time
import torch
from hyco.config import preset
from hyco.physics import create_physical_model

def bench(name: str = "burgers_1d", n: int = 32, repeats: int = 3, **overrides):
    cfg = preset(name, **overrides)
    model = create_physical_model(cfg).set_params(**cfg.model.physical.true_params)
    steps = cfg.data.num_frames - 1
    def batched():
        with torch.no_grad(): model.rollout(model.initial_state(batch=n, seed=0, start=0), steps)
    def single():
        with torch.no_grad():
            for i in range(n): model.rollout(model.initial_state(batch=1, seed=0, start=i), steps)
    batched(); single()   # warm-up
    tb = min(_time(batched) for _ in range(repeats)); ts = min(_time(single) for _ in range(repeats))
    print(f"{name} {cfg.model.physical.resolution} x {steps} steps, {n} simulations: "
          f"32 single calls {ts:.3f} s, one batched call {tb:.3f} s, ratio {ts / tb:.1f}x")
    return ts, tb

def _time(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t

if __name__ == "__main__":
    torch.set_num_threads(2)
    name = sys.argv[1] if len(sys.argv) > 1 else "burgers_1d"
    bench(name)
