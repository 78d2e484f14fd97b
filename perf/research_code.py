"""Benchmark: a HYCO cycle of hyco against the research code, HYCO-PhiFlow, side by side in one run.

    python perf/research_code.py /path/to/HYCO-PhiFlow [repeats] [nu0] [--net periodic+residual]

`/path/to/HYCO-PhiFlow` is a checkout of https://github.com/MJSteynberg/HYCO-PhiFlow (measured at commit 0bca777;
its `src/` is imported, nothing of it is copied here). Each side runs in its own process with one torch thread, on
its own freshly generated data of the same size (the matched setting of issue 15):

- 1-D Burgers, 64 cells on [0, 2 pi), dt 0.05, viscosity nu = 0.05 learned from nu0 (default 0.01, 5x below);
- 20 simulations x 40 frames, 16 for training: 592 3-step windows, plus 60 generated windows per direction
  (hyco: alpha 0.1 -> 59; HYCO-PhiFlow: 2 generated trajectories of 33 frames -> 60, every real window used);
- U-Net with 16-32-64 channels, batch 16, Adam 1e-3 with a cosine schedule, 5 network epochs per cycle;
- 3 L-BFGS iterations of the physical fit per cycle; 5 cycles;
- every window weighs the same in the physical loss on both sides: hyco's loss is a mean over all windows, and
  HYCO-PhiFlow's is `real mean + w * generated mean`, so with one call over all windows w = 60 / 592 (with one
  window per call its windows weigh the same with w = 1, its default).

HYCO-PhiFlow clips nu to its explicit-diffusion stability limit 0.5 dx^2 / dt = 0.0964 and optimises with scipy's
L-BFGS-B without bounds. The first L-BFGS-B step has unit length, so from nu0 = 0.01 it lands past the clip, where
the loss (9.8e-4 on the real windows) is flat and lower than at the start (1.4e-3): the step is accepted, the
gradient is zero there, and nu stays at 0.0964. From nu0 = 0.03 or 0.04 the loss at the clip is higher than at the
start, the line search backtracks, and nu is learned: `python perf/research_code.py PATH 3 0.04` measures
both sides from there.

`--net` changes HYCO-PhiFlow's network, as a diagnostic of where the accuracy gap comes from (its timing figures are
then not the research code's): its phiml `u_net` predicts the next state with zero padding, hyco's U-Net predicts an
increment with periodic padding. `periodic` builds the `u_net` with periodic padding, `residual` adds the input to its
output, `periodic+residual` both.

Time to accuracy: both sides record their network's rollout error and nu's error with the evaluation off the clock
(hyco after every epoch of its first cycle and after every cycle, HYCO-PhiFlow after every cycle), and the script
prints the training seconds until each first reaches the other side's final error and a common level (rel-L2 0.05,
nu error 0.01), with their ratio.

HYCO-PhiFlow runs twice: with its default physical batch (one scipy L-BFGS-B call per window) and with one call
over all windows, its best configuration here. Printed: seconds per cycle and per phase (median over cycles 2-5,
the first includes start-up work on both sides), their ratios, and each side's accuracy after 5 cycles (network
rollout relative L2 error over 39 steps on the two held-out simulations, and the relative error of nu).
"""
import contextlib, json, math as pymath, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.abspath(__file__)
CYCLES = 5

REAL_WINDOWS, GENERATED_WINDOWS = 16 * (40 - 3), 2 * (33 - 3)

def research_side(research: str, workdir: str, physical_batch: int, nu0: float, net: str = "as-is"):
    "One HYCO-PhiFlow run in this process (called in a subprocess); prints one JSON line."
    sys.path.insert(0, research); os.chdir(workdir)
    import logging
    import torch
    torch.set_num_threads(1)
    w = GENERATED_WINDOWS / REAL_WINDOWS if physical_batch >= REAL_WINDOWS else 1.0   # every window weighs the same
    logging.disable(logging.WARNING)
    from phi.torch.flow import math, channel
    if net != "as-is": _change_research_net(net)
    from src.data.data_generator import DataGenerator
    from src.factories.trainer_factory import TrainerFactory
    cfg = dict(
        general=dict(experiment_name="matched", mode="hybrid", tasks=["generate", "train"]),
        data=dict(data_dir="data/burgers_1d", dset_name="burgers_1d", num_simulations=20, trajectory_length=40),
        model=dict(
            physical=dict(name="BurgersModel", model_path="results/models", model_save_name="physical", dt=0.05,
                          domain=dict(dimensions=dict(x=dict(size=2 * pymath.pi, resolution=64))),
                          pde_params=dict(name="diffusion_coeff", type="scalar", value="0.05")),
            synthetic=dict(name="UNet", model_path="results/models", model_save_name="synthetic",
                           architecture=dict(levels=3, filters=[16, 32, 64], batch_norm=False))),
        trainer=dict(
            batch_size=16, rollout_steps=3, train_sim=list(range(16)), device="cpu", data_access="both",
            physical=dict(epochs=1, rollout_steps=3, batch_size=physical_batch, downsample_factor=0,
                          method="L-BFGS-B", abs_tol=1e-9, max_iterations=3, regularization=dict(type="none")),
            synthetic=dict(epochs=5, rollout_steps=3, learning_rate=1e-3, optimizer="adam", scheduler="cosine",
                           weight_decay=0.0),
            hybrid=dict(cycles=CYCLES, warmup=0,
                        augmentation=dict(alpha=1.0, num_trajectories=2, physical_trajectory_length=33,
                                          synthetic_trajectory_length=33),
                        loss_scaling=dict(synthetic=dict(real_weight=1.0, interaction_weight=1.0),
                                          physical=dict(real_weight=1.0, interaction_weight=w)),
                        reversion=dict(enabled=False))),
        sparsity=dict(temporal=dict(enabled=False), spatial=dict(enabled=False)),
        project_root=research)
    t = time.perf_counter(); DataGenerator(cfg).generate_data(); generation = time.perf_counter() - t
    h = TrainerFactory.create_hybrid_trainer(cfg)
    h.physical_trainer._update_params(math.expand(math.wrap(nu0), channel(field="diffusion_coeff")))
    res = train_research(h, "data/burgers_1d", (18, 19), 40, "diffusion_coeff", 0.05)
    nu = float(h.physical_model.params.field["diffusion_coeff"])
    print(json.dumps(dict(side=f"research_batch{physical_batch}", generation=generation, nu=nu, **res)))

def research_accuracy(h, data_dir: str, sims, frames: int, param: str, truth) -> tuple[float, float]:
    """HYCO-PhiFlow's network rollout error (mean relative L2 over `frames - 1` steps from frame 0 of `sims`) and its
    parameter's relative error (L2 over the grid for a field) now."""
    import torch
    from phi.torch.flow import math
    model = h.synthetic_model; was, model.training = model.training, False
    rel = []
    with torch.no_grad():
        for sim in sims:
            traj = math.load(f"{data_dir}/sim_{sim:04d}.npz")
            state, errs = traj.time[0], []
            for step in range(1, frames):
                state, true = model(state), traj.time[step]
                errs.append(float(math.sqrt(math.sum((state - true) ** 2)) / math.sqrt(math.sum(true ** 2))))
            rel.append(statistics.fmean(errs))
    model.training = was
    p, truth = h.physical_model.params.field[param], math.wrap(truth)
    return statistics.fmean(rel), float(math.sqrt(math.sum((p - truth) ** 2)) / math.sqrt(math.sum(truth ** 2)))

def train_research(h, data_dir: str, sims, frames: int, param: str, truth) -> dict:
    """Train HYCO-PhiFlow's hybrid trainer `h`, timing its phases and taking `research_accuracy` after every cycle's
    fit with the clock paused: cycle and phase seconds (evaluation excluded), the final accuracy and the trace."""
    phases = {"synthetic": [], "physical": []}
    def timed(name, fn):
        def run(*a, **k):
            t = time.perf_counter(); r = fn(*a, **k); phases[name].append(time.perf_counter() - t); return r
        return run
    h.synthetic_trainer.train = timed("synthetic", h.synthetic_trainer.train)
    clock, trace, spent = Clock(), [], []
    accuracy = lambda: research_accuracy(h, data_dir, sims, frames, param, truth)
    physical = timed("physical", h.physical_trainer.train)
    def physical_then_evaluate(*a, **k):   # the fit ends each of its cycles: evaluate there, off the clock
        r = physical(*a, **k)
        before = clock.paused_total
        with clock.paused(): trace.append((clock.elapsed(), *accuracy()))
        spent.append(clock.paused_total - before)
        return r
    h.physical_trainer.train = physical_then_evaluate
    clock.start(); res = h.train(verbose=False)
    rel, err = accuracy()                          # the evaluations are inside its cycle times: taken out again
    return dict(cycle=[c - e for c, e in zip(res["cycle_times"], spent)], synthetic=phases["synthetic"],
                physical=phases["physical"], nu_error=err, rel_l2=rel, trace=trace)

def _change_research_net(net: str):
    "Make phiml's `u_net`, which HYCO-PhiFlow's UNet calls, periodic and/or residual (the `--net` diagnostic)."
    import phiml.nn as pnn
    import torch
    build = pnn.u_net
    class Residual(torch.nn.Module):
        def __init__(self, inner): super().__init__(); self.inner = inner
        def forward(self, x):
            y = self.inner(x)          # data generation may pass numpy arrays
            return y + (torch.as_tensor(x, dtype=y.dtype, device=y.device) if isinstance(y, torch.Tensor) else x)
    def u_net(*a, **k):
        if "periodic" in net: k["periodic"] = True
        inner = build(*a, **k)
        return Residual(inner) if "residual" in net else inner
    pnn.u_net = u_net

def hyco_side(root: str, nu0: float):
    "One hyco run in this process (called in a subprocess); prints one JSON line."
    from hyco.presets import preset
    from hyco.data import ensure_store
    from hyco.hybrid import HybridTrainer
    cfg = preset("burgers_1d", **{"paths.cache_root": f"{root}/cache", "paths.results_root": f"{root}/results",
                                  "threads": 1, "model.physical.initial_params": {"nu": nu0}})
    t = time.perf_counter(); ensure_store(cfg, progress=False); generation = time.perf_counter() - t
    res = train_hyco_timed(HybridTrainer.from_config(cfg, progress=False), CYCLES, "nu")
    print(json.dumps(dict(side="hyco", generation=generation, **res)))

def train_hyco_timed(tr, cycles: int, param: str) -> dict:
    """Train hyco's trainer `tr` for `cycles`, evaluating (clock paused) after every epoch of its first cycle and after
    every cycle: cycle and phase seconds from its history, the final accuracy and the trace."""
    from hyco.evaluate import evaluate
    clock, trace = Clock(), []
    def accuracy():
        ev = evaluate(tr)
        phys = [m for m in ev.model.values if str(ev.kind.sel(model=m).values) == "physical"][0]
        net = [m for m in ev.model.values if str(ev.kind.sel(model=m).values) == "synthetic"][0]
        return (float(ev.rel_l2.sel(model=net).mean()), float(ev.param_rel_error.sel(model=phys, param=param)),
                ev.param_value.sel(model=phys, param=param))
    def record():
        with clock.paused(): trace.append((clock.elapsed(), *accuracy()[:2]))
    network_train = tr.synthetic_trainer.train
    def first_cycle_by_epoch(loader, epochs):      # the first cycle's network, evaluated after every epoch
        if tr.cycle > 0: return network_train(loader, epochs)
        for _ in range(epochs): r = network_train(loader, 1); record()
        return r
    tr.synthetic_trainer.train = first_cycle_by_epoch
    class AfterCycle:
        def after_cycle(self, trainer, row): record()
    tr.callbacks.append(AfterCycle())
    clock.start(); h = tr.train(cycles)
    rel, err, value = accuracy()
    return dict(cycle=h.time_cycle.values.tolist(), synthetic=h.time_synthetic_train.values.tolist(),
                physical=h.time_physical_train.values.tolist(), nu=float(value) if value.ndim == 0 else None,
                nu_error=err, rel_l2=rel, trace=trace)

class Clock:
    "Wall seconds since `start()`, less the time spent inside `paused()` (the evaluations)."
    def __init__(self): self.t0, self.paused_total = None, 0.0
    def start(self): self.t0 = time.perf_counter()
    def elapsed(self) -> float: return time.perf_counter() - self.t0 - self.paused_total
    @contextlib.contextmanager
    def paused(self):
        t = time.perf_counter()
        try: yield
        finally: self.paused_total += time.perf_counter() - t

def run_side(*args, script: str = HERE) -> dict:
    "Run `script` with `args` in a process of its own on one thread; the last JSON line it prints."
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, script, *map(str, args)], capture_output=True, text=True, env=env)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode or not lines: raise SystemExit(f"side {args[:2]} failed:\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])

def main(research: str, repeats: int = 1, nu0: float = 0.01, net: str = "as-is"):
    if not os.path.isdir(os.path.join(research, "src", "training", "hybrid")):
        raise SystemExit(f"{research!r} is not a HYCO-PhiFlow checkout (no src/training/hybrid)")
    runs = []
    for r in range(repeats):
        for args in (["--hyco", tempfile.mkdtemp(), nu0], ["--research", research, tempfile.mkdtemp(), 100000, nu0, net],
                     ["--research", research, tempfile.mkdtemp(), 1, nu0, net]):
            t = time.perf_counter(); res = run_side(*args); res["wall"] = time.perf_counter() - t
            print(f"repeat {r}: {res['side']} done in {res['wall']:.0f} s", flush=True); runs.append(res)
    med = lambda xs: statistics.median(xs[1:])      # cycles 2-5: the first includes start-up work on both sides
    rows = {}
    for res in runs:
        rows.setdefault(res["side"], []).append(res)
    print(f"\nnu learned from {nu0} (truth 0.05); seconds, median over cycles 2-{CYCLES} (each repeat), "
          "one torch thread each side")
    if net != "as-is": print(f"HYCO-PhiFlow's network changed: {net} (a diagnostic; its times are not the research code's)")
    print_sides(rows, med, "network 5 epochs", "nu rel error", ".1e")
    print("(repeats separated by /; nu rel error and network rel-L2 after the last cycle: rollouts of 39 steps on the "
          "two held-out simulations)")
    hy = rows["hyco"]
    for other, label in (("research_batch100000", "one L-BFGS-B call over all windows"),
                         ("research_batch1", "its default, one L-BFGS-B call per window")):
        ratio = lambda key: "/".join(f"{med(a[key]) / med(b[key]):.2f}" for a, b in zip(hy, rows[other]))
        print(f"hyco / HYCO-PhiFlow ({label}): cycle {ratio('cycle')}, network epochs {ratio('synthetic')}, "
              f"physical fit {ratio('physical')}")
    time_to_accuracy(hy, rows)

def print_sides(rows: dict, med, network: str, param: str, param_fmt: str, digits: int = 3):
    """A line per side: its median cycle, network and fit seconds (`med` of each repeat's), then its final parameter
    error (`param`, formatted by `param_fmt`) and network rel-L2, repeats separated by /."""
    print(f"{'side':<22}{'cycle':>22}{network:>22}{'physical fit':>22}{param:>26}{'network rel-L2':>20}")
    for side, rs in rows.items():
        f = lambda key: "/".join(f"{med(r[key]):.{digits}f}" for r in rs)
        print(f"{side:<22}{f('cycle'):>22}{f('synthetic'):>22}{f('physical'):>22}"
              f"{'/'.join(format(r['nu_error'], param_fmt) for r in rs):>26}"
              f"{'/'.join(format(r['rel_l2'], '.3f') for r in rs):>20}")

def first_time(trace, column: int, level: float):
    "Training seconds until error `column` of `trace` (seconds, network rel-L2, nu error) first is <= `level`."
    return next((t for t, *errs in trace if errs[column - 1] <= level), None)

def time_to_accuracy(hy: list, rows: dict):
    """Seconds of training (evaluation excluded) until each side's network rollout error (and nu's error) first
    reaches the other side's final error and a common level, and their ratio, per repeat."""
    fmt = lambda t: "never" if t is None else f"{t:.1f} s"
    ratio = lambda a, b: "" if a is None or b is None else f" ({a / b:.2f}x)"
    print("\ntime to accuracy (training seconds until the error first reaches a level; evaluation off the clock; "
          "hyco evaluated after every epoch of its first cycle and after every cycle, HYCO-PhiFlow after every cycle)")
    for other in ("research_batch100000", "research_batch1"):
        for r, (a, b) in enumerate(zip(hy, rows[other])):
            for column, name, common in ((1, "network rel-L2", 0.05), (2, "nu rel error", 0.01)):
                fa, fb = a["trace"][-1][column], b["trace"][-1][column]
                levels = ((f"{other}'s final {fb:.3g}", fb), (f"hyco's final {fa:.3g}", fa), (f"{common}", common))
                cells = []
                for label, level in levels:
                    ta, tb = first_time(a["trace"], column, level), first_time(b["trace"], column, level)
                    cells.append(f"{label}: hyco {fmt(ta)}, {other} {fmt(tb)}{ratio(ta, tb)}")
                print(f"  repeat {r}, {name}: " + "; ".join(cells))

if __name__ == "__main__":
    if sys.argv[1:2] == ["--research"]:
        research_side(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6])
    elif sys.argv[1:2] == ["--hyco"]:
        import torch
        torch.set_num_threads(1)
        hyco_side(sys.argv[2], float(sys.argv[3]))
    else:
        import argparse
        ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        ap.add_argument("research", help="a checkout of HYCO-PhiFlow")
        ap.add_argument("repeats", nargs="?", type=int, default=1)
        ap.add_argument("nu0", nargs="?", type=float, default=0.01, help="both sides' initial nu (truth 0.05)")
        ap.add_argument("--net", choices=["as-is", "periodic", "residual", "periodic+residual"], default="as-is",
                        help="HYCO-PhiFlow's network, changed as a diagnostic")
        args = ap.parse_args()
        main(args.research, args.repeats, args.nu0, args.net)
