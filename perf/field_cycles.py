"""Why HYCO's field is no better than physics alone where there is no data: per-cycle field errors, and how much change
the network predicts in the unobserved region.

    python perf/field_cycles.py [--regime heat_2d_field_quarter] [--seeds 0 1 2] [--out results/field_cycles]

Trains, on each tuning seed, the physics alone and HYCO at the regime's benchmark settings, records the field's relative
error per cycle in the observed and the unobserved region, and measures, on held-out windows, the network's one-step
change |u_pred(t+1) - u(t)| over the true change |u(t+1) - u(t)| in each region (1: the right amount of diffusion; below
1: the network damps the dynamics, and a physics fitted to it learns a smaller diffusivity). Writes `field_cycles.csv`
and `field_cycles.png`."""
import argparse, os
from pathlib import Path
import pandas as pd
import torch

def run(regime: str, seed: int, cache: str) -> tuple[list, dict]:
    from hyco.benchmark import benchmark_config
    from hyco.hybrid import HybridTrainer
    from hyco.dataset import HybridDataset
    from hyco.data import observed_region
    cfg = benchmark_config(regime, seed, "full", cache_root=cache).with_overrides(**{"trainer.checkpoint": False})
    rows, ratio = [], {}
    for name, ov in (("physics_alone", {"trainer.alpha": 0.0, "trainer.fresh_initial_states": 0}), ("hyco", {})):
        tr = HybridTrainer.from_config(cfg.with_overrides(**{**ov, "trainer.final_physical_iterations": 0}), progress=False)
        tr.train()
        h = tr.history()
        field = next(iter(cfg.model.physical.param_fields))
        for c in h.cycle.values:
            rows.append(dict(seed=seed, contender=name, cycle=int(c) + 1,
                             observed=float(h[f"{field}_rel_error_observed"].sel(cycle=c)),
                             unobserved=float(h[f"{field}_rel_error_unobserved"].sel(cycle=c))))
        if name == "hyco":      # the network's one-step change per region on held-out windows, over the true change
            data = HybridDataset(cfg, sim_indices=cfg.data.test_sim_indices, num_predict_steps=1, observed=False)
            x, y = data.tensor_batch(list(range(len(data))))
            net = tr.synthetic_trainer.model.eval()
            with torch.no_grad(): pred = net.rollout(x.to(tr.synthetic_trainer.device), 1).cpu()
            u0 = x[:, :y.shape[2]]
            obs = torch.as_tensor(observed_region(cfg))
            for region, m in (("observed", obs), ("unobserved", ~obs)):
                ratio[region] = float((pred[:, 0] - u0).abs()[..., m].sum() / (y[:, 0] - u0).abs()[..., m].sum())
    return rows, ratio

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regime", default="heat_2d_field_quarter")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--out", default="results/field_cycles")
    a = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    rows, ratios = [], []
    for s in a.seeds:
        r, q = run(a.regime, s, str(out / "cache"))
        rows += r; ratios.append(dict(seed=s, **q))
    df = pd.DataFrame(rows); df.to_csv(out / "field_cycles.csv", index=False)
    rq = pd.DataFrame(ratios)
    print(df.groupby(["contender", "cycle"])[["observed", "unobserved"]].median().round(4).to_string())
    print("\nnetwork one-step change / true change, held-out windows (per seed):")
    print(rq.round(3).to_string(index=False))
    import matplotlib; matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True)
    for ax, region in zip(axes, ("observed", "unobserved")):
        for j, (c, d) in enumerate(df.groupby("contender", sort=False)):
            for s, e in d.groupby("seed"):
                ax.plot(e.cycle, e[region], color=f"C{j}", alpha=0.8, label=c if s == a.seeds[0] else None, marker="o", ms=3)
        ax.set(title=f"{region} region", xlabel="cycle", yscale="log", xticks=sorted(df.cycle.unique()))
    axes[0].set_ylabel("field rel. error"); axes[0].legend(fontsize=8)
    fig.suptitle(f"{a.regime}: field error per cycle (seeds {a.seeds}), before refinement", fontsize=9)
    fig.tight_layout(); fig.savefig(out / "field_cycles.png", dpi=90)
    print(f"wrote {out / 'field_cycles.csv'} and {out / 'field_cycles.png'}")

if __name__ == "__main__":
    main()
