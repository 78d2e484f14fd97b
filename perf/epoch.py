"""One network training epoch: hyco's `SyntheticTrainer.train` (in-memory batches, and a DataLoader), against a minimal torch loop
over the same windows pre-collated as two tensors, the same model, optimizer, batch size and rollout loss.

    python perf/epoch.py [epochs] [--compile]

Matched setting of issue 15: 1-D Burgers, 64 cells, 20 simulations x 40 frames (592 3-step windows), UNet 16-32-64,
batch 16, one torch thread. Prints seconds per epoch and the ratio. With `--compile`, the minimal loop is also timed
with the rollout under `torch.compile` (inductor), with its compile time: whether compiling would pay."""
import copy, sys, tempfile, time
import torch
from hyco.presets import preset
from hyco.dataset import HybridDataset, make_loader
from hyco.synthetic import create_synthetic_model
from hyco.trainers import SyntheticTrainer, masked_mse

def main(epochs: int = 3, compile_too: bool = False):
    torch.set_num_threads(1)
    cfg = preset("burgers_1d", **{"paths.cache_root": tempfile.mkdtemp(), "data.train_sim_indices": list(range(16)),
                                  "data.val_sim_indices": [16, 17], "data.test_sim_indices": [18, 19],
                                  "data.num_frames": 40, "trainer.synthetic.batch_size": 16})
    data = HybridDataset(cfg, progress=False)
    x_all, y_all = data.tensor_batch(range(len(data)))
    model = create_synthetic_model(cfg)
    print(f"{len(data)} windows, x {tuple(x_all.shape)}, y {tuple(y_all.shape)}, {epochs} epochs each")

    def hyco_epoch(in_memory: bool) -> float:
        st = SyntheticTrainer(cfg.trainer.synthetic, copy.deepcopy(model), progress=False)
        loader = make_loader(data, batch_size=16, seed=0, in_memory=in_memory)   # collation counted below only once
        st.train(loader, 1)                               # warm-up (LRU filled, allocator warm)
        t = time.perf_counter(); st.train(loader, epochs); return (time.perf_counter() - t) / epochs
    loader_s, hyco_s = hyco_epoch(False), hyco_epoch(True)

    def minimal(compiled: bool = False) -> tuple[float, float]:
        "Seconds of the first epoch (compilation included) and per later epoch."
        m = copy.deepcopy(model); opt = torch.optim.Adam(m.parameters(), lr=cfg.trainer.synthetic.learning_rate)
        rollout = torch.compile(lambda x: m.rollout(x, y_all.shape[1])) if compiled else (
            lambda x: m.rollout(x, y_all.shape[1]))
        g = torch.Generator().manual_seed(0)
        def epoch():
            m.train()
            for idx in torch.randperm(len(x_all), generator=g).split(16):
                opt.zero_grad(set_to_none=True)
                loss = masked_mse(rollout(x_all[idx]), y_all[idx])
                loss.backward(); opt.step()
        t = time.perf_counter(); epoch(); first = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(epochs): epoch()
        return first, (time.perf_counter() - t) / epochs
    _, minimal_s = minimal()
    t = time.perf_counter(); make_loader(data, batch_size=16, in_memory=True); collate_s = time.perf_counter() - t
    print(f"minimal torch loop: {minimal_s:.3f} s/epoch")
    print(f"hyco, in-memory batches (what HybridTrainer uses): {hyco_s:.3f} s/epoch, ratio {hyco_s / minimal_s:.2f} "
          f"(+ {collate_s:.3f} s once per cycle to collate)")
    print(f"hyco over a DataLoader: {loader_s:.3f} s/epoch, ratio {loader_s / minimal_s:.2f}")
    if compile_too:
        first, compiled_s = minimal(compiled=True)
        saved = minimal_s - compiled_s
        print(f"minimal loop, rollout under torch.compile: {compiled_s:.3f} s/epoch ({compiled_s / minimal_s:.2f}x), "
              f"first epoch {first:.1f} s with compilation: pays after "
              + (f"{(first - compiled_s) / saved:.0f} epochs" if saved > 0 else "never"))

if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:] if a != "--compile"], compile_too="--compile" in sys.argv)
