"Cross-module checks: staggered smoke through the store, the dataset in both modes, and both trainers."
import numpy as np
import torch
from hyco.presets import preset
from hyco.dataset import HybridDataset, make_loader
from hyco.physics import create_physical_model
from hyco.synthetic import create_synthetic_model
from hyco.trainers import PhysicalTrainer, SyntheticTrainer

def smoke_cfg(tmp_path, **kw):
    return preset("smoke_128", **{"paths.cache_root": str(tmp_path), "model.physical.resolution": [16, 16],
                                  "data.num_frames": 8, "data.num_predict_steps": 2, "data.train_sim_indices": [0, 1, 2],
                                  "data.val_sim_indices": [3], "data.test_sim_indices": [], **kw})

def test_smoke_modes_agree_and_buoyancy_is_recovered(tmp_path):
    cfg = smoke_cfg(tmp_path)
    tds, fds = HybridDataset(cfg), HybridDataset(cfg, return_fields=True)
    assert len(tds) == len(fds) == 3 * (8 - 2)
    x, y = tds[7]
    assert tuple(x.shape) == (3, 16, 16) and tuple(y.shape) == (2, 3, 16, 16)
    init, tgt = fds.field_batch([7])
    assert torch.equal(fds.converter.to_tensor(init, ["density", "velocity"])[0], x)
    assert torch.equal(fds.converter.to_tensor(tgt)[0], y)
    trainer = PhysicalTrainer(cfg.trainer.physical, create_physical_model(cfg), progress=False)
    res = trainer.train(fds, 30)
    assert res["errors"]["buoyancy"] < 0.01, res
    assert res["iterations"] <= 30

def test_sparse_noisy_observations_train_both_models(tmp_path):
    cfg = smoke_cfg(tmp_path, **{"data.observation.spatial_fraction": 0.5, "data.observation.noise_level": 0.02})
    tds = HybridDataset(cfg)
    _, y = tds[0]
    assert torch.isnan(y).any() and torch.isfinite(y).any()
    st = SyntheticTrainer(cfg.trainer.synthetic, create_synthetic_model(cfg), progress=False)
    r = st.train(make_loader(tds, batch_size=8), 2)
    assert np.isfinite(r["loss"]) and len(r["losses"]) == 2
    pt = PhysicalTrainer(cfg.trainer.physical, create_physical_model(cfg), progress=False)
    r = pt.train(HybridDataset(cfg, return_fields=True), 10)
    assert np.isfinite(r["loss"]) and r["loss"] < r["initial_loss"]
    assert abs(r["params"]["buoyancy"] - 0.5) < abs(2.5 - 0.5)          # moved toward the truth from 5x off
