"""Benchmark: one loss evaluation of the physical fit (rollout + backward) against a minimal batched PhiFlow loop.

    python perf/fit.py [repeats]

Both sides evaluate the same 592 3-step windows of `burgers_1d` (64 cells) with the same physics (semi-Lagrangian
advection, exact spectral diffusion by exp(log nu)) and take the gradient with respect to log nu, one torch thread:

- hyco: `FieldTrainer`'s objective over the windows (one chunk: `trainer.physical.batch_size` 0), as `train` calls it;
- minimal: the windows as one batched `CenteredGrid`, a plain loop of PhiFlow operators, an MSE and `backward()`;
- minimal, jit: the same step under PhiFlow's `math.jit_compile` (what HYCO-PhiFlow does), traced once beforehand.

Prints milliseconds per evaluation (median of `repeats`) and the ratios, and checks each side's gradient against
the eager one. PhiFlow's `jit_compile` (torch backend: `torch.jit.trace`) is faster but its gradient with respect
to the broadcast scalar nu is right only on the tracing call and wrong on every later one (torch's traced graphs
do not reduce gradients over broadcast dimensions, pytorch/pytorch#13669): hyco does not jit its steps."""
import math as pymath, statistics, sys, tempfile, time
import torch
from phi.torch.flow import CenteredGrid, Box, extrapolation, advect, math, batch, spatial
from hyco.presets import preset
from hyco.dataset import HybridDataset
from hyco.physics import create_physical_model
from hyco.trainers import PhysicalTrainer

def timed(fn, repeats: int) -> float:
    fn(); fn()                                   # warm-up
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def main(repeats: int = 20):
    torch.set_num_threads(1)
    cfg = preset("burgers_1d", **{"paths.cache_root": tempfile.mkdtemp()})
    data = HybridDataset(cfg, return_fields=True, progress=False)
    p = cfg.model.physical
    trainer = PhysicalTrainer(cfg.trainer.physical, create_physical_model(cfg), progress=False)
    chunks = trainer._field_chunks(data)
    _, norm = trainer._target_stats(chunks)
    def hyco():
        trainer.optimizer.zero_grad(); trainer._objective(chunks, norm)

    x, y = data.tensor_batch(range(len(data)))          # [B, 1, 64], [B, 3, 1, 64]
    box, dt, steps = Box(x=p.domain[0]), p.dt, y.shape[1]
    u0 = math.tensor(x[:, 0].double(), batch("b"), spatial("x"))
    target = math.tensor(y[:, :, 0].double(), batch("b"), batch("time"), spatial("x"))
    log_nu = torch.tensor(pymath.log(p.initial_params["nu"]), dtype=torch.float64, requires_grad=True)
    k2 = None
    def step(u, nu):
        nonlocal k2
        u = advect.semi_lagrangian(u, u, dt)
        if k2 is None: k2 = math.squared_norm(math.fftfreq(u.resolution, u.dx))
        return u.with_values(math.real(math.ifft(math.fft(u.values) * math.exp(-(2 * pymath.pi) ** 2 * k2 * nu * dt))))
    def rollout_loss(step_fn):
        u = CenteredGrid(u0, extrapolation.PERIODIC, bounds=box, x=p.resolution[0])
        nu, frames = math.wrap(torch.exp(log_nu)), []
        for _ in range(steps):
            u = step_fn(u, nu); frames.append(u.values)
        sq = (math.stack(frames, batch("time")) - target) ** 2
        return math.mean(sq, sq.shape)
    def minimal():
        log_nu.grad = None; rollout_loss(step).native().backward()
    jit_step = math.jit_compile(lambda values, nu: step(CenteredGrid(values, extrapolation.PERIODIC, bounds=box,
                                                                     x=p.resolution[0]), nu).values)
    def minimal_jit():
        log_nu.grad = None
        rollout_loss(lambda u, nu: u.with_values(jit_step(u.values, nu))).native().backward()

    # hyco's loss is the squared error over the targets' sum of squares, the minimal loop's its mean: the gradients
    # differ by the constant factor (number of entries) / (sum of squared targets)
    hyco(); g_hyco = trainer._params[0].grad.item()
    minimal(); g_min = log_nu.grad.item()
    factor = y.numel() / float((y.double() ** 2).sum())
    print(f"{len(data)} windows x {steps} steps, 64 cells; d loss / d log nu: hyco {g_hyco:.6e}, minimal {g_min:.6e} "
          f"x {factor:.6g} = {g_min * factor:.6e}")
    jit_grads = []
    for _ in range(3):
        minimal_jit(); jit_grads.append(log_nu.grad.item())
    print("jit_compile, first three calls: " + ", ".join(f"{g:.6e}" for g in jit_grads) +
          f" (eager {g_min:.6e}): relative errors " + ", ".join(f"{abs(g / g_min - 1):.1%}" for g in jit_grads))
    t_hyco, t_min, t_jit = timed(hyco, repeats), timed(minimal, repeats), timed(minimal_jit, repeats)
    print(f"per evaluation: hyco {t_hyco * 1e3:.1f} ms, minimal PhiFlow loop {t_min * 1e3:.1f} ms, "
          f"minimal with jit_compile {t_jit * 1e3:.1f} ms")
    print(f"hyco / minimal: {t_hyco / t_min:.2f}; hyco / minimal with jit (wrong gradients): {t_hyco / t_jit:.2f}")

if __name__ == "__main__": main(*map(int, sys.argv[1:]))
