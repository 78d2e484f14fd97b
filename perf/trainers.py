"""Benchmark: physical loss evaluation per sample vs batched, and data-loader throughput vs a training step.

Run with `python perf/trainers.py`; prints the times and ratios, measured side by side."""
import tempfile
import torch
from hyco.presets import preset
from hyco.dataset import HybridDataset, make_loader
from hyco.physics import create_physical_model, masked_squared_error
from hyco.synthetic import create_synthetic_model
from hyco.trainers import SyntheticTrainer
from timing import best

def physical_loss(cfg, n=64):
    ds = HybridDataset(cfg, return_fields=True)
    model = create_physical_model(cfg)
    def loss(init, tgt):
        pred = model.predict_trajectory(init, cfg.data.num_predict_steps)
        se, _ = masked_squared_error(model, pred, tgt)
        se.backward()
    batched = ds.field_batch(range(n))
    singles = [ds.field_batch([i]) for i in range(n)]
    tb = best(lambda: loss(*batched)); ts = best(lambda: [loss(*s) for s in singles])
    print(f"physical loss + gradient, {n} windows of {cfg.name}: per sample {ts:.3f} s, batched {tb:.3f} s, ratio {ts / tb:.1f}x")

def loader_vs_step(cfg, batch_size=32):
    ds = HybridDataset(cfg)
    trainer = SyntheticTrainer(cfg.trainer.synthetic, create_synthetic_model(cfg), progress=False)
    for workers in (0, 2):
        dl = make_loader(ds, batch_size=batch_size, num_workers=workers)
        list(dl)                                             # first epoch fills the caches / starts the workers
        t = best(lambda: list(dl), repeats=2)
        print(f"data loader, {workers} workers: {len(ds) / t:,.0f} windows/s ({t / len(dl) * 1e3:.1f} ms per batch of {batch_size})")
    x, y = next(iter(make_loader(ds, batch_size=batch_size)))
    def step():
        trainer.optimizer.zero_grad(); trainer.loss(x, y).backward(); trainer.optimizer.step()
    step()
    ts = best(lambda: [step() for _ in range(10)]) / 10
    print(f"training step ({type(trainer.model).__name__}, {cfg.data.num_predict_steps}-step rollout loss): {ts * 1e3:.1f} ms per batch of {batch_size}")

if __name__ == "__main__":
    torch.set_num_threads(2)
    root = tempfile.mkdtemp()
    cfg = preset("burgers_1d", **{"paths.cache_root": root})
    physical_loss(cfg)
    loader_vs_step(cfg)
    cfg2 = preset("burgers_128", **{"paths.cache_root": root, "model.physical.resolution": [64, 64], "data.num_frames": 12,
                                    "data.train_sim_indices": list(range(8)), "data.val_sim_indices": [8], "data.test_sim_indices": [9]})
    physical_loss(cfg2)
    loader_vs_step(cfg2)
