"""`compare` on the parameter-field presets over several seeds: median [min, max] of the headline errors.

    python perf/field_presets.py [preset ...] [--seeds 10 11 12] [--workers 2]

Each (preset, seed) is one process with one torch thread; `--workers` run side by side. The seed sets
the data (initial conditions), the network's initial weights and the sample draws. A pipeline check
of the presets, not the benchmark (seeds 0-2 are the tuning seeds; 10-14 are kept for the benchmark report)."""
import argparse, json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
import pandas as pd

PRESETS = ["heat_2d_field_quarter", "heat_2d_field_full", "burgers_1d_potential_half"]
ONE = """
import json, sys, tempfile
from hyco.presets import preset
from hyco.evaluate import compare
name, seed, cache = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cfg = preset(name, **{"seed": seed, "data.seed": seed, "paths.cache_root": cache, "paths.results_root": tempfile.mkdtemp()})
tab = compare(cfg, progress=False).table
print(json.dumps(tab.drop(columns=["kind"]).to_dict(orient="index")))
"""

def run(name, seed, cache):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", ONE, name, str(seed), cache], capture_output=True, text=True, env=env)
    if out.returncode: raise RuntimeError(f"{name} seed {seed} failed:\n{out.stderr[-2000:]}")
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    return [dict(preset=name, seed=seed, model=m, **v) for m, v in rows.items()]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("presets", nargs="*", default=PRESETS)
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    cache = tempfile.mkdtemp()
    jobs = [(p, s) for p in a.presets for s in a.seeds]
    with ThreadPoolExecutor(a.workers) as ex:
        rows = [r for rs in ex.map(lambda j: run(*j, cache), jobs) for r in rs]
    df = pd.DataFrame(rows)
    cols = [c for c in df.columns if c == "mean_rel_l2" or (c.endswith("rel_error") or "rel_error_" in c) and not c.startswith("nu")]
    fmt = lambda s: f"{s.median():.3g} [{s.min():.3g}, {s.max():.3g}]" if s.notna().any() else "–"
    summary = df.groupby(["preset", "model"], sort=False)[cols].agg(fmt)
    pd.set_option("display.width", 250); pd.set_option("display.max_columns", 20)
    print(f"median [min, max] over seeds {a.seeds}")
    print(summary.to_string())
    return df

if __name__ == "__main__":
    main()
