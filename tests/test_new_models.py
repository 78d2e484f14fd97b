"""Complete-data recovery of the newer models' parameter fields by the physics alone: Fisher-KPP's growth rate (1-D and
2-D), 3-D Burgers' viscosity, the advection-diffusion's diffusivity, Kolmogorov flow's forcing and smoke's buoyancy (judged where the smoke goes: elsewhere it does not act, so no data
can say what it is). Shrunk to run in seconds; `python tests/test_new_models.py` prints the figures at the presets'
sizes."""
import sys
import numpy as np
import pytest
from hyco.data import load_or_generate
from hyco.presets import preset
from hyco.dataset import HybridDataset
from hyco.physics import create_physical_model
from hyco.trainers import PhysicalTrainer

SHRINK = {"fisher_kpp_1d_half": {"data.observation.region": None},
          "fisher_kpp_2d": {"model.physical.resolution": [16, 16], "data.num_frames": 10},
          "burgers_3d_field": {"model.physical.resolution": [12, 12, 12], "data.num_frames": 6,
                               "data.train_sim_indices": [0, 1], "data.val_sim_indices": [2], "data.test_sim_indices": [3]},
          "advection_2d": {"model.physical.resolution": [16, 16], "data.num_frames": 8, "data.train_sim_indices": [0, 1],
                           "data.val_sim_indices": [2], "data.test_sim_indices": [3]},
          "kolmogorov_2d": {"model.physical.resolution": [16, 16], "data.num_frames": 6, "data.train_sim_indices": [0, 1],
                            "data.val_sim_indices": [2], "data.test_sim_indices": [3]},
          "smoke_field": {"model.physical.resolution": [12, 12], "data.num_frames": 6, "data.train_sim_indices": [0, 1],
                          "data.val_sim_indices": [2], "data.test_sim_indices": [3]}}
ITERATIONS = {"fisher_kpp_1d_half": 30, "fisher_kpp_2d": 30, "burgers_3d_field": 30, "advection_2d": 30,
              "kolmogorov_2d": 30, "smoke_field": 20}
BOUND = {"fisher_kpp_1d_half": 0.01, "fisher_kpp_2d": 0.05, "burgers_3d_field": 0.05, "advection_2d": 0.05,
         "kolmogorov_2d": 0.05, "smoke_field": 0.02}

def where_it_acts(name: str, cfg):
    "The cells whose parameter the data constrains: everywhere, or for smoke where the mean density is above 10 %."
    if name != "smoke_field": return None
    d = load_or_generate(cfg, observed=False, progress=False).density
    d = d.isel(sim=cfg.data.train_sim_indices).mean(("sim", "time")).values
    return d > 0.1 * d.max()

def recovery(name: str, root, shrink: bool = True) -> tuple[float, float]:
    "The field's relative L2 error before and after the physics alone fits complete data."
    cfg = preset(name, **{**(SHRINK[name] if shrink else {"data.observation.region": None}),
                          "paths.cache_root": str(root / "cache"), "paths.results_root": str(root / "results")})
    model = create_physical_model(cfg)
    (param,) = cfg.model.physical.learnable
    mask = where_it_acts(name, cfg)
    before = model.param_errors(mask)[param]
    PhysicalTrainer(cfg.trainer.physical, model, progress=False).train(HybridDataset(cfg, return_fields=True, progress=False),
                                                                       ITERATIONS[name])
    return before, model.param_errors(mask)[param]

@pytest.mark.parametrize("name", list(SHRINK))
def test_complete_data_physics_recovers_the_field(name, tmp_path):
    before, after = recovery(name, tmp_path)
    print(f"{name}: field error {before:.3f} -> {after:.2e}")
    assert after <= BOUND[name] and after < before / 5, (before, after)

if __name__ == "__main__":
    import tempfile, pathlib
    for n in sys.argv[1:] or list(SHRINK):
        b, a = recovery(n, pathlib.Path(tempfile.mkdtemp()), shrink=False)
        print(f"{n} (preset size, complete data): field relative L2 error {b:.3f} at the start, {a:.2e} fitted")
