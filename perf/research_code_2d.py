"""Benchmark: 2-D Burgers with a learned viscosity field, hyco against the research code (HYCO-PhiFlow) side by side.

    python perf/research_code_2d.py /path/to/HYCO-PhiFlow [resolution ...] [--repeats R] [--cycles C] [--epochs E]

The reference is HYCO-PhiFlow's `conf/burgers_2d.yaml` (measured at commit 0bca777; its `src/` is imported, nothing of
it is copied): velocity on a periodic 100 x 100 square, dt 0.1, initial states drawn from PhiFlow's `Noise` (scale
L/4, smoothness 2), a diffusion field D = sin^2(pi x / L) sin^2(pi y / L) learned from D = 1 everywhere (here with a
floor, D = 0.1 + 0.9 sin^2 sin^2, since hyco learns log D). Its budget (a 4-level U-Net of 64 filters, 100 epochs,
10 cycles at 128^2 on a GPU) is CPU-days here, so both sides run the same smaller work, the 1-D matched setting's
choices carried over (`perf/research_code.py`):

- grids of 64^2 and 128^2 (the arguments); 6 simulations of 20 frames, 4 for training: 68 real 3-step windows, plus 7
  generated windows for each model (HYCO-PhiFlow: one generated trajectory of 10 frames; hyco: alpha 7/68);
- U-Net with 16-32-64 filters, batch 16, Adam 1e-3 with a cosine schedule, E network epochs per cycle (default 2);
- 3 L-BFGS iterations of the physical fit per cycle, every window weighing the same on both sides (HYCO-PhiFlow: one
  L-BFGS-B call over all windows, its best configuration in 1-D, generated windows weighted 7/68); C cycles (3);
- the held-out simulations 4 and 5, rolled out 19 steps from their first frame, and the field's relative L2 error.

What differs, by design of each code: HYCO-PhiFlow learns D at every cell (4,096 or 16,384 values) and takes one
explicit step of div(D grad u) per dt; hyco learns D as a periodic cubic spline through 8 x 8 nodes (the truth is the
spline through sin^2 sampled at the nodes) with as many explicit substeps as stability needs (one at these D). Each
side runs in its own process with one torch thread, on its own data. Printed per grid: seconds per cycle, network
epochs and physical fit (median over cycles 2..C, the first includes start-up work on both sides) and their ratios,
the final accuracy, and the training seconds until each side's network first reaches the other's final error.
"""
import argparse, json, math as pymath, os, statistics, sys, tempfile, time
from research_code import first_time, print_sides, run_side, train_hyco_timed, train_research

HERE = os.path.abspath(__file__)
L, DT, FRAMES, SIMS, TRAIN, TEST, NODES, STEPS = 100.0, 0.1, 20, 6, [0, 1, 2, 3], [4, 5], 8, 3
FLOOR = 0.1                                   # D = FLOOR + (1 - FLOOR) sin^2 sin^2 > 0 (hyco learns log D)
REAL = len(TRAIN) * (FRAMES - STEPS)          # 68 real windows
GENERATED = 10 - STEPS                        # one generated trajectory of 10 frames: 7 windows

def research_side(research: str, workdir: str, n: int, cycles: int, epochs: int):
    "One HYCO-PhiFlow run in this process (called in a subprocess); prints one JSON line."
    sys.path.insert(0, research); os.chdir(workdir)
    import logging
    import torch
    torch.set_num_threads(1)
    logging.disable(logging.WARNING)
    from phi.torch.flow import math
    from phiml.math._tensors import Tensor   # numpy >= 2.4 refuses float() of a 1-element 1-D array, which phiml's
    Tensor.__float__ = lambda self: (       # float() of a 1-element tensor passes on (the field path calls it)
        float(self.native().reshape(())) if self.shape.volume == 1 else NotImplemented)
    from src.data.data_generator import DataGenerator
    from src.factories.trainer_factory import TrainerFactory
    cfg = dict(
        general=dict(experiment_name="matched_2d", mode="hybrid", tasks=["generate", "train"]),
        data=dict(data_dir="data/burgers_2d", dset_name="burgers_2d", num_simulations=SIMS, trajectory_length=FRAMES),
        model=dict(
            physical=dict(name="BurgersModel", model_path="results/models", model_save_name="physical", dt=DT,
                          domain=dict(dimensions=dict(x=dict(size=L, resolution=n), y=dict(size=L, resolution=n))),
                          pde_params=dict(name="diffusion_field", type="field",
                                          value=f"{FLOOR} + {1 - FLOOR} * math.sin(math.pi * x/size_x)**2"
                                                " * math.sin(math.pi * y/size_y)**2")),
            synthetic=dict(name="UNet", model_path="results/models", model_save_name="synthetic",
                           architecture=dict(levels=3, filters=[16, 32, 64], batch_norm=False))),
        trainer=dict(
            batch_size=16, rollout_steps=STEPS, train_sim=TRAIN, device="cpu", data_access="both",
            physical=dict(epochs=1, rollout_steps=STEPS, batch_size=100000, downsample_factor=0, method="L-BFGS-B",
                          abs_tol=1e-9, max_iterations=3, regularization=dict(type="none")),
            synthetic=dict(epochs=epochs, rollout_steps=STEPS, learning_rate=1e-3, optimizer="adam", scheduler="cosine",
                           weight_decay=0.0),
            hybrid=dict(cycles=cycles, warmup=0,
                        augmentation=dict(alpha=1.0, num_trajectories=1, physical_trajectory_length=10,
                                          synthetic_trajectory_length=10),
                        loss_scaling=dict(synthetic=dict(real_weight=1.0, interaction_weight=1.0),
                                          physical=dict(real_weight=1.0, interaction_weight=GENERATED / REAL)),
                        reversion=dict(enabled=False))),
        sparsity=dict(temporal=dict(enabled=False), spatial=dict(enabled=False)),
        project_root=research)
    t = time.perf_counter(); DataGenerator(cfg).generate_data(); generation = time.perf_counter() - t
    h = TrainerFactory.create_hybrid_trainer(cfg)
    truth = h.physical_model.get_real_params().field["diffusion_field"]
    h.physical_trainer._update_params(math.ones_like(h.physical_model.get_real_params()))   # D = 1 everywhere
    res = train_research(h, "data/burgers_2d", TEST, FRAMES, "diffusion_field", truth)
    print(json.dumps(dict(side="research", generation=generation, **res)))

def hyco_config(root: str, n: int, cycles: int, epochs: int):
    "The same experiment as a hyco config (from the 3-D viscosity-field preset, made 2-D)."
    from hyco.presets import preset
    nodes = [pymath.sin(pymath.pi * i / NODES) ** 2 for i in range(NODES)]     # periodic nodes at i L / NODES
    nu = dict(form="grid", shape=[NODES, NODES], spline="periodic")
    return preset("burgers_3d_field", **{
        "paths.cache_root": f"{root}/cache", "paths.results_root": f"{root}/results", "threads": 1,
        "data.num_frames": FRAMES, "data.num_predict_steps": STEPS, "data.train_sim_indices": TRAIN,
        "data.val_sim_indices": [], "data.test_sim_indices": TEST, "data.dset_name": "burgers_2d",
        "model.physical.dim": 2, "model.physical.resolution": [n, n], "model.physical.domain": [L, L],
        "model.physical.dt": DT, "model.physical.initial_state": "noise",
        "model.physical.true_params": {"nu": {**nu, "values": [[FLOOR + (1 - FLOOR) * a * b for b in nodes]
                                                                for a in nodes]}},
        "model.physical.initial_params": {"nu": 1.0}, "model.physical.param_fields": {"nu": nu},
        "model.synthetic": {"name": "unet", "base_channels": 16, "depth": 2},
        "trainer.alpha": GENERATED / REAL, "trainer.num_cycles": cycles, "trainer.synthetic_epochs_per_cycle": epochs,
        "trainer.physical_epochs_per_cycle": 3, "trainer.physical.method": "L-BFGS", "trainer.physical.abs_tol": 1e-9,
        "trainer.synthetic.batch_size": 16, "trainer.synthetic.learning_rate": 1e-3, "trainer.synthetic.scheduler":
        "cosine", "trainer.fresh_initial_states": 0, "trainer.final_physical_iterations": 0})

def hyco_side(root: str, n: int, cycles: int, epochs: int):
    "One hyco run in this process (called in a subprocess); prints one JSON line."
    import torch
    torch.set_num_threads(1)
    from hyco.data import ensure_store
    from hyco.hybrid import HybridTrainer
    cfg = hyco_config(root, n, cycles, epochs)
    t = time.perf_counter(); ensure_store(cfg, progress=False); generation = time.perf_counter() - t
    tr = HybridTrainer.from_config(cfg, progress=False)
    assert tr.num_real == REAL and tr.num_generated == GENERATED, (tr.num_real, tr.num_generated)
    res = train_hyco_timed(tr, cycles, "nu")
    print(json.dumps(dict(side="hyco", generation=generation, **res)))

def main(research: str, sizes: list[int], repeats: int, cycles: int, epochs: int):
    if not os.path.isdir(os.path.join(research, "src", "training", "hybrid")):
        raise SystemExit(f"{research!r} is not a HYCO-PhiFlow checkout (no src/training/hybrid)")
    med = lambda xs: statistics.median(xs[1:]) if len(xs) > 1 else xs[0]
    fmt = lambda t: "never" if t is None else f"{t:.1f} s"
    for n in sizes:
        rows = {"hyco": [], "research": []}
        for r in range(repeats):
            for side, args in (("hyco", ["--hyco", tempfile.mkdtemp(), n, cycles, epochs]),
                               ("research", ["--research", research, tempfile.mkdtemp(), n, cycles, epochs])):
                t = time.perf_counter(); res = run_side(*args, script=HERE)
                print(f"{n}^2, repeat {r}: {side} done in {time.perf_counter() - t:.0f} s", flush=True)
                rows[side].append(res)
        print(f"\n{n}^2: seconds, median over cycles 2-{cycles} (repeats separated by /), one torch thread each side")
        print_sides(rows, med, f"network {epochs} epochs", "field rel error", ".3f", digits=2)
        ratio = lambda key: "/".join(f"{med(a[key]) / med(b[key]):.2f}" for a, b in zip(rows["hyco"], rows["research"]))
        print(f"hyco / HYCO-PhiFlow: cycle {ratio('cycle')}, network epochs {ratio('synthetic')}, "
              f"physical fit {ratio('physical')}")
        for r, (a, b) in enumerate(zip(rows["hyco"], rows["research"])):
            for column, name in ((1, "network rel-L2"), (2, "field rel error")):
                fa, fb = a["trace"][-1][column], b["trace"][-1][column]
                cells = []
                for label, level in ((f"HYCO-PhiFlow's final {fb:.3g}", fb), (f"hyco's final {fa:.3g}", fa)):
                    ta, tb = first_time(a["trace"], column, level), first_time(b["trace"], column, level)
                    ratio_t = "" if ta is None or tb is None else f" ({ta / tb:.2f}x)"
                    cells.append(f"{label}: hyco {fmt(ta)}, HYCO-PhiFlow {fmt(tb)}{ratio_t}")
                print(f"  time to accuracy, repeat {r}, {name}: " + "; ".join(cells))

if __name__ == "__main__":
    if sys.argv[1:2] == ["--research"]:
        research_side(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7]))
    elif sys.argv[1:2] == ["--hyco"]:
        hyco_side(sys.argv[2], *map(int, sys.argv[3:6]))
    else:
        ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        ap.add_argument("research", help="a checkout of HYCO-PhiFlow")
        ap.add_argument("sizes", nargs="*", type=int, default=[64, 128], help="grid cells per axis")
        ap.add_argument("--repeats", type=int, default=1)
        ap.add_argument("--cycles", type=int, default=3)
        ap.add_argument("--epochs", type=int, default=2, help="network epochs per cycle")
        a = ap.parse_args()
        main(a.research, a.sizes, a.repeats, a.cycles, a.epochs)
