"""Generation of a preset's data set: simulations per batched call, and the whole store against the simulation alone.

    python perf/generation.py [preset ...]        (default: burgers_1d heat_64 burgers_128)

For each preset, one torch thread, best of 3:
- `generate` (the batched PhiFlow rollouts and their conversion to arrays) with 1, 4, 8, 16, 32 and all simulations per
  call, and with the default `data.generation_batch_size = 0` (as many as hold `GENERATION_CELLS` truth-grid cells);
- `ensure_store` into an empty cache (generation, zarr write with its checksums, and the validating read) against the
  simulation alone (`generate` at the default batch): the store's cost on top of simulating."""
import shutil, sys, tempfile
from hyco.presets import preset
from hyco.data import ensure_store, generate, generation_batch, truth_model
from timing import best, per_preset

def bench(name: str):
    cfg = preset(name, **{"data.generation_batch_size": 0})
    n, res = cfg.data.num_sims, truth_model(cfg).resolution
    auto = generation_batch(cfg.data, res)
    print(f"{name}: {n} simulations x {cfg.data.num_frames} frames on {list(res)}; default: {auto} per call")
    sizes = sorted({min(b, n) for b in (1, 4, 8, 16, 32, n)})
    times = {b: best(lambda: generate(cfg.with_overrides(**{"data.generation_batch_size": b}), progress=False))
             for b in sizes}
    fastest = min(times.values())
    for b, t in times.items():
        print(f"  {b:>3} per call: {t:7.3f} s  ({t / fastest:.2f}x the fastest)" + ("  <- default" if b == auto else ""))
    simulate = times.get(auto) or best(lambda: generate(cfg, progress=False))
    def store():
        root = tempfile.mkdtemp()
        try: ensure_store(cfg.with_overrides(**{"paths.cache_root": root}), progress=False)
        finally: shutil.rmtree(root)
    whole = best(store)
    print(f"  whole store (generate, write, validate) {whole:.3f} s against the simulation alone {simulate:.3f} s: "
          f"{whole / simulate:.2f}x")

if __name__ == "__main__":
    per_preset(bench, sys.argv[1:])
