"""Shared by the performance scripts: the best wall time of a few calls."""
import time

def best(f, repeats: int = 3) -> float:
    "Shortest wall time in seconds of `repeats` calls of `f()`."
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)

PRESETS = ["burgers_1d", "heat_64", "burgers_128"]   # the 1-D, 2-D scalar-field and 2-D vector-field cases

def per_preset(bench, argv: list[str]):
    "Run `bench(name)` on one torch thread for each preset named in `argv` (default: `PRESETS`)."
    import torch
    torch.set_num_threads(1)
    for name in argv or PRESETS: bench(name)
