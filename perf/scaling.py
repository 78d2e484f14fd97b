"""How a HYCO cycle's wall time, its phases and the peak memory grow with the grid and the number of simulations.

    python perf/scaling.py [axis ...]     # axes: 1d 2d 3d sims (default: all four)
    python perf/scaling.py --report results/scaling.csv [more.csv ...]   # the table and figure of earlier runs

Each point runs in its own process (one torch thread; on CUDA when the machine has it, `device: auto`, with the peak
CUDA memory beside the RSS) so its peak memory is its own: a config shrunk to
measure the cycle (10 frames, 4 training simulations unless the axis varies them, one network epoch and one L-BFGS
iteration per cycle, alpha 0.1), two cycles, the second one timed (the first pays one-time costs). Per axis it
prints the cycle time, each phase, the peak RSS and the work (cells x real windows), then the log-log slope of
time and memory against the axis and against the work. A slope of 1 against the work means the cycle grows as the
work does. Writes results/scaling.csv and results/scaling.png (perf/scaling.png is the figure of perf/README.md).
"""
import json, subprocess, sys, tempfile
from pathlib import Path
import numpy as np

AXES = {   # axis -> (preset, the values, how a value becomes overrides)
    "1d": ("burgers_1d", [64, 128, 256, 512, 1024], lambda n: {"model.physical.resolution": [n]}),
    "2d": ("burgers_128", [32, 64, 128], lambda n: {"model.physical.resolution": [n, n]}),
    "3d": ("burgers_3d_field", [16, 32], lambda n: {"model.physical.resolution": [n, n, n]}),
    "sims": ("burgers_1d", [2, 4, 8, 16, 32], lambda n: {"data.train_sim_indices": list(range(n)),
                                                         "data.val_sim_indices": [n], "data.test_sim_indices": [n + 1]}),
}
PHASES = ["physical_predictions", "synthetic_predictions", "synthetic_training", "physical_training"]

def shrunk(root: str) -> dict:
    "The overrides every point shares: every path under `root`, a cycle small enough to repeat."
    return {"paths.cache_root": f"{root}/cache", "paths.results_root": f"{root}/results", "data.num_frames": 10,
            "data.train_sim_indices": [0, 1, 2, 3], "data.val_sim_indices": [4], "data.test_sim_indices": [5],
            "trainer.synthetic_epochs_per_cycle": 1, "trainer.physical_epochs_per_cycle": 1, "trainer.alpha": 0.1,
            "trainer.checkpoint": False, "trainer.memory_budget_gb": 4.0, "threads": 1}

def point(preset: str, overrides: dict) -> dict:
    "One measured point (run inside its own process): the second cycle's times and the process's peak memory."
    from hyco.presets import preset as make
    from hyco.hybrid import HybridTrainer
    cfg = make(preset, **overrides)
    tr = HybridTrainer.from_config(cfg, progress=False)
    tr.train(2)
    row = tr.history_rows[-1]
    cells = int(np.prod(cfg.model.physical.resolution))
    return dict(cycle=row["time_cycle"], **{p: row[f"time_{p}"] for p in PHASES}, rss_mb=row["peak_cpu_mb"],
                cuda_mb=row["peak_gpu_mb"], device=str(tr.synthetic_trainer.device), cells=cells, windows=tr.num_real,
                work=cells * tr.num_real)

def run(axis: str) -> list[dict]:
    preset, values, to_overrides = AXES[axis]
    rows = []
    for v in values:
        with tempfile.TemporaryDirectory(prefix="hyco-scaling-") as root:
            ov = {**shrunk(root), **to_overrides(v)}
            code = (f"import json, torch; torch.set_num_threads(1); import sys; sys.path.insert(0, 'perf'); "
                    f"from scaling import point; print(json.dumps(point({preset!r}, {ov!r})))")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if out.returncode != 0:
                print(f"  {axis} {v}: failed\n{out.stderr[-1500:]}"); continue
            r = dict(axis=axis, value=v, **json.loads(out.stdout.strip().splitlines()[-1]))
        rows.append(r)
        print(f"  {axis} {v:>5}: cycle {r['cycle']:7.2f} s | " + " ".join(f"{p.split('_')[0][:4]}/{p.split('_')[1][:5]} "
              f"{r[p]:6.2f}" for p in PHASES) + f" | peak RSS {r['rss_mb']:7.0f} MiB"
              + (f", CUDA {r['cuda_mb']:7.0f} MiB" if r["cuda_mb"] else "") + f" | {r['device']} | work {r['work']:.3g}",
              flush=True)
    return rows

def slope(x, y) -> float:
    "Least-squares slope of log y against log x."
    return float(np.polyfit(np.log(x), np.log(y), 1)[0]) if len(x) > 1 else float("nan")

def main(axes: list[str]):
    import pandas as pd
    df = pd.DataFrame([r for a in axes for r in run(a)])
    Path("results").mkdir(exist_ok=True); df.to_csv("results/scaling.csv", index=False)
    report(df)

def report(df):
    "The slopes table and the figure of a run's rows (`python perf/scaling.py --report results/scaling.csv ...`)."
    print("\n| axis | values | slope of cycle time vs value | vs work | of network training vs work | "
          "of the physical fit vs work | of peak RSS vs value |\n|---|---|---|---|---|---|---|")
    for a, d in df.groupby("axis", sort=False):
        print(f"| {a} | {list(d.value)} | {slope(d.value, d.cycle):.2f} | {slope(d.work, d.cycle):.2f} | "
              f"{slope(d.work, d.synthetic_training):.2f} | {slope(d.work, d.physical_training):.2f} | "
              f"{slope(d.value, d.rss_mb):.2f} |")
    import matplotlib; matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 4))
    for a, d in df.groupby("axis", sort=False):
        ax.loglog(d.work, d.cycle, "o-", label=a); bx.loglog(d.work, d.rss_mb, "o-", label=a)
    ax.set(xlabel="work (cells x real windows)", ylabel="cycle wall time (s)", title="time per HYCO cycle")
    bx.set(xlabel="work (cells x real windows)", ylabel="peak RSS (MiB)", title="peak resident memory")
    ax.legend(); fig.tight_layout(); fig.savefig("results/scaling.png", dpi=90)
    print("wrote results/scaling.csv and results/scaling.png")

if __name__ == "__main__":
    if sys.argv[1:2] == ["--report"]:
        import pandas as pd
        report(pd.concat([pd.read_csv(f) for f in sys.argv[2:]], ignore_index=True))
    else: main(sys.argv[1:] or list(AXES))
