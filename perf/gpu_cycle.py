"""Benchmark: HYCO cycles of the 2-D Burgers preset (`burgers_128`, 128 x 128 cells) on a GPU: the GPU's busy fraction
and the per-phase split of each cycle.

    python perf/gpu_cycle.py [cycles] [device]      # defaults: 3 cycles on cuda

The busy fraction is the mean of `nvidia-smi`'s utilization.gpu samples (every 100 ms) taken during cycles 2..N (the
first cycle includes CUDA start-up and data generation is not part of a cycle); the target is >= 80 %. The per-phase
split is the history's wall time of each phase of the cycle (and of the evaluation after it), in seconds and as a
share of the cycle. With `device` = cpu (a smaller
grid, 4 training simulations and one network epoch: `python perf/gpu_cycle.py 2 cpu 32`) the same split is
printed without a busy fraction, as a check of this script on a machine without a GPU."""
import shutil, statistics, subprocess, sys, tempfile, threading, time
import torch
from hyco.presets import preset
from hyco.data import ensure_store
from hyco.hybrid import HybridTrainer, PHASES

class Utilization:
    "`nvidia-smi` utilization.gpu samples (percent) with their times, collected in a background thread."
    def __init__(self, interval_ms: int = 100):
        self.samples, self.proc = [], subprocess.Popen(
            ["nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits", f"--loop-ms={interval_ms}"],
            stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True); self.thread.start()
    def _read(self):
        for line in self.proc.stdout:
            try: self.samples.append((time.perf_counter(), float(line.split(",")[0])))
            except ValueError: pass
    def mean(self, t0: float, t1: float) -> float:
        vals = [u for t, u in self.samples if t0 <= t <= t1]
        return statistics.fmean(vals) if vals else float("nan")
    def stop(self): self.proc.terminate()

def main(cycles: int = 3, device: str = "cuda", resolution: int = 128):
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise SystemExit("no CUDA device here: run this on a GPU machine, or pass `cpu` to check the script")
    if device.startswith("cuda") and shutil.which("nvidia-smi") is None:
        raise SystemExit("nvidia-smi is not on PATH: the busy fraction is sampled with it")
    root = tempfile.mkdtemp()
    cfg = preset("burgers_128", **{"paths.cache_root": f"{root}/cache", "paths.results_root": f"{root}/results",
                                   "device": device, "model.physical.resolution": [resolution, resolution],
                                   "trainer.checkpoint": False})
    if not device.startswith("cuda"):         # the script check: 4 training simulations, one network epoch
        cfg = cfg.with_overrides(**{"data.train_sim_indices": [0, 1, 2, 3], "trainer.synthetic_epochs_per_cycle": 1})
    ensure_store(cfg, progress=False)
    trainer = HybridTrainer.from_config(cfg, progress=False)
    util = Utilization() if device.startswith("cuda") else None
    marks = []
    for _ in range(cycles):
        t0 = time.perf_counter(); trainer.step()
        if device.startswith("cuda"): torch.cuda.synchronize()
        marks.append((t0, time.perf_counter()))
    if util: util.stop()
    h = trainer.history()
    phases = [f"time_{p}" for p in PHASES] + ["time_evaluation", "time_checkpoint"]
    phases = [p for p in phases if p in h]
    print(f"burgers_128 at {resolution}^2 on {device} ({torch.cuda.get_device_name() if util else 'CPU'}), "
          f"{cycles} cycles")
    for i, c in enumerate(h.cycle.values):
        r = h.sel(cycle=c); total = float(r.time_cycle)
        split = ", ".join(f"{p[5:]} {float(r[p]):.2f} s ({float(r[p]) / total:.0%})" for p in phases
                          if float(r[p]) >= 0.005 * total)
        busy = f"; GPU busy {util.mean(*marks[i]):.0f} %" if util else ""
        print(f"cycle {int(c)}: {total:.2f} s{busy}; {split}")
    if util and cycles > 1:
        print(f"GPU busy fraction over cycles 2-{cycles}: {util.mean(marks[1][0], marks[-1][1]):.0f} % (target >= 80 %)")

if __name__ == "__main__":
    a = sys.argv[1:]
    main(int(a[0]) if a else 3, a[1] if len(a) > 1 else "cuda", int(a[2]) if len(a) > 2 else 128)
