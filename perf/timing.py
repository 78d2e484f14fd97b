"""Shared by the performance scripts: the best wall time of a few calls."""
import time

def best(f, repeats: int = 3) -> float:
    "Shortest wall time in seconds of `repeats` calls of `f()`."
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)
