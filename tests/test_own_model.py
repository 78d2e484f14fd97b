"""A model hyco does not ship, defined in a module of its own: through the store, a fit, HybridTrainer, compare, every
view, the papermill experiment (`-p imports`) and a two-point sweep on a Dask LocalCluster; and its data regenerated
when its step changes."""
import importlib, sys, textwrap
from pathlib import Path
import numpy as np
import papermill as pm
import pandas as pd
import pytest
import xarray as xr

ROOT = Path(__file__).resolve().parents[1]

MODULE = '''
"""Cooling: u_t = D u_xx - k(x) u on a periodic line; the loss rate k(x) unknown, the diffusivity D known."""
from phi import math
from hyco import ExperimentConfig, FieldSpec, Option, PhysicalModel, register_model, register_preset
from hyco.checks import number
from hyco.physics import smooth_random_field, spectral_diffuse

@register_model
class Cooling(PhysicalModel):
    "Diffusion with a linear loss of unknown rate k(x); D is a constant of the model."
    name, param_names, dims = "{name}", ("rate",), (1,)
    options = {{"D": Option(0.01, number(0, lo_open=True), "the diffusivity")}}

    @classmethod
    def fields(cls, cfg): return {{"u": FieldSpec("u")}}

    def initial_arrays(self, rng, sim):
        return {{"u": 1.0 + smooth_random_field(rng, self.resolution, self.domain)}}

    def pde_step(self, state, params, dt):
        u = spectral_diffuse(state["u"], self.cfg.options["D"], dt)
        return {{"u": u.with_values(u.values * math.exp(-params["rate"] * {decay}))}}

register_preset("{name}_tiny", lambda: ExperimentConfig.from_dict(dict(
    name="{name}_tiny",
    data=dict(dset_name="{name}", num_frames=8, num_predict_steps=2, train_sim_indices=[0, 1, 2],
              val_sim_indices=[3], test_sim_indices=[4, 5]),
    model=dict(physical=dict(name="{name}", dim=1, resolution=[32], domain=[1.0], dt=0.05,
                             true_params={{"rate": dict(form="grid", shape=[4], values=[0.5, 2.0, 1.0, 0.5])}},
                             initial_params={{"rate": 1.0}}, learnable=["rate"],
                             param_fields={{"rate": dict(form="grid", shape=[4])}}),
               synthetic=dict(base_channels=8)),
    trainer=dict(alpha=0.3, num_cycles=2, synthetic_epochs_per_cycle=2, physical_epochs_per_cycle=5,
                 final_physical_iterations=0))))
'''

def write_module(folder: Path, module: str, name: str, decay: str = "dt") -> Path:
    path = folder / f"{module}.py"
    path.write_text(textwrap.dedent(MODULE.format(name=name, decay=decay)))
    return path

@pytest.fixture
def cooling(tmp_path, monkeypatch):
    "The module `cooling_model` in a fresh folder that is the working directory (as a user's own module would be)."
    write_module(tmp_path, "cooling_model", "cooling")
    monkeypatch.chdir(tmp_path); monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("cooling_model", None)
    import cooling_model  # noqa: F401  (registers the model and the preset)
    yield tmp_path
    from hyco.config import PHYSICAL_MODELS
    from hyco.presets import PRESETS
    PHYSICAL_MODELS.pop("cooling", None); PRESETS.pop("cooling_tiny", None); sys.modules.pop("cooling_model", None)

def paths(root: Path) -> dict:
    return {"paths.cache_root": str(root / "cache"), "paths.results_root": str(root / "results")}

def test_own_model_end_to_end(cooling):
    from hyco import HybridTrainer, PhysicalTrainer, compare, load_or_generate, preset, create_physical_model
    from hyco.dataset import HybridDataset
    from hyco.evaluate import evaluate
    from hyco.viz import (field_view, trajectory_view, samples_view, loss_view, params_view, param_field_view,
                          rollout_error_view, to_png)
    cfg = preset("cooling_tiny", **paths(cooling))
    assert cfg.data.fields_scheme.all == ["u"] and cfg.model.physical.options == {"D": 0.01}   # from the model
    data = load_or_generate(cfg, observed=False, progress=False)
    assert data.u.shape == (6, 8, 32) and float(data.u.isel(time=-1).mean()) < float(data.u.isel(time=0).mean())
    model = create_physical_model(cfg)                                   # the physics alone fits the rate field
    before = model.param_errors()["rate"]
    PhysicalTrainer(cfg.trainer.physical, model, progress=False).train(HybridDataset(cfg, return_fields=True), 30)
    after = model.param_errors()["rate"]
    assert after < 0.5 * before, (before, after)
    tr = HybridTrainer.from_config(cfg, progress=False)
    hist = tr.train()
    assert hist.sizes["cycle"] == 2 and np.isfinite(hist.rate_rel_error).all()
    assert "D" not in hist and "D_true" not in hist                      # an option is no parameter
    cmp = compare(cfg, progress=False)
    assert list(cmp.table.index) == ["network_alone", "physics_alone", "hyco", "hyco_physics"]
    assert np.isfinite(cmp.table.mean_rel_l2).all()
    metrics = evaluate({"network": tr.synthetic_trainer.model, "physics": tr.physical_trainer.model}, cfg)
    for view in (field_view(data.u.isel(sim=0, time=0)), trajectory_view(data, "u"), samples_view(tr.samples()),
                 loss_view(hist), params_view(hist), param_field_view(hist, "rate"),
                 param_field_view(tr.physical_trainer.model, "rate"), rollout_error_view(metrics)):
        assert to_png(view)[:4] == b"\x89PNG"

def test_own_model_in_papermill_and_sweep(cooling, monkeypatch):
    from hyco.sweep import sweep
    out = cooling / "run"
    pm.execute_notebook(str(ROOT / "nbs" / "run_hybrid.ipynb"), str(cooling / "out.ipynb"), progress_bar=False,
                        cwd=str(cooling), parameters=dict(imports=["cooling_model"], preset="cooling_tiny",
                                                          out_dir=str(out), cache_root=str(cooling / "cache"),
                                                          trackers='["tensorboard"]'))   # as `-p trackers` passes it
    tab = pd.read_csv(out / "comparison.csv", index_col="model")
    assert "rate_rel_error" in tab and list(tab.index) == ["network_alone", "physics_alone", "hyco", "hyco_physics"]
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    events = EventAccumulator(str(out / "tracking" / "tensorboard" / "run")); events.Reload()
    assert "synthetic_loss" in events.Tags()["scalars"] and "fields/rate" in events.Tags()["images"], events.Tags()
    res = sweep(ROOT / "nbs" / "run_hybrid.ipynb", {"seed": [0, 1]}, cooling / "sweep", n_workers=2, progress=False,
                imports=["cooling_model"], parameters=dict(preset="cooling_tiny", cache_root=str(cooling / "cache"),
                                                           trackers=["mlflow"]))
    assert list(res.status.values) == ["ok", "ok"], res.error.values
    assert res.mse.sizes["seed"] == 2 and np.isfinite(res.mse.values).all()
    from mlflow.tracking import MlflowClient   # one MLflow store for the sweep, one run per point named by the point
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    client = MlflowClient((cooling / "sweep" / "tracking" / "mlruns").as_uri())
    runs = client.search_runs([e.experiment_id for e in client.search_experiments()])
    assert sorted((r.info.run_name, r.info.status) for r in runs) == [("000_seed-0", "FINISHED"), ("001_seed-1", "FINISHED")]
    with pytest.raises(ValueError, match="module 'no_such_models' cannot be imported"):
        sweep(ROOT / "nbs" / "run_hybrid.ipynb", {"seed": [0]}, cooling / "bad", imports=["no_such_models"])
    assert not (cooling / "bad").exists()                                # refused before any run folder is made

def test_changed_step_regenerates_the_data(tmp_path, monkeypatch):
    from hyco.data import load_or_generate, store_path
    from hyco.presets import preset
    from hyco.config import PHYSICAL_MODELS
    from hyco.presets import PRESETS
    monkeypatch.syspath_prepend(str(tmp_path))
    write_module(tmp_path, "cooling_v", "cooling_v")
    sys.modules.pop("cooling_v", None)
    try:
        mod = importlib.import_module("cooling_v")
        cfg = preset("cooling_v_tiny", **paths(tmp_path))
        first, a = store_path(cfg), load_or_generate(cfg, observed=False, progress=False)
        write_module(tmp_path, "cooling_v", "cooling_v", decay="2 * dt")   # the same name, a changed step
        importlib.reload(mod)
        cfg = preset("cooling_v_tiny", **paths(tmp_path))
        second, b = store_path(cfg), load_or_generate(cfg, observed=False, progress=False)
        assert second != first and first.exists() and second.exists()     # a new store; the old one left alone
        assert not np.allclose(a.u.values[:, -1], b.u.values[:, -1])       # from the changed physics
        xr.testing.assert_identical(a.u.isel(time=0), b.u.isel(time=0))     # same initial states
    finally:
        PHYSICAL_MODELS.pop("cooling_v", None); PRESETS.pop("cooling_v_tiny", None); sys.modules.pop("cooling_v", None)
