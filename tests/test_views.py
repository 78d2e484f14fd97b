"""Every view draws, in 1-D and in 2-D: a field, a single-frame and a whole trajectory, a trainer's samples, its losses,
parameters and learned field, and the rollout errors of an evaluation, each rendered to PNG offline (Matplotlib)."""
import pytest
from hyco.presets import preset
from hyco.data import load_or_generate
from hyco.hybrid import HybridTrainer
from hyco.evaluate import evaluate
from hyco.viz import (field_view, trajectory_view, samples_view, loss_view, params_view, param_field_view,
                      rollout_error_view, to_png)

TINY = {"trainer.num_cycles": 1, "trainer.synthetic_epochs_per_cycle": 1, "trainer.physical_epochs_per_cycle": 1,
        "trainer.final_physical_iterations": 0, "trainer.fresh_initial_states": 0, "trainer.alpha": 0.5,
        "data.num_frames": 6, "data.num_predict_steps": 1, "data.train_sim_indices": [0, 1],
        "data.val_sim_indices": [2], "data.test_sim_indices": [3], "data.gt_resolution": None,
        "model.synthetic.base_channels": 4, "model.synthetic.depth": 1, "trainer.checkpoint": False}
CASES = {"1d": ("burgers_1d_potential_half", "potential", {}),
         "2d": ("heat_2d_field_quarter", "diffusivity", {"model.physical.resolution": [8, 8]})}

@pytest.fixture(scope="module", params=list(CASES))
def run(request, tmp_path_factory):
    name, field, extra = CASES[request.param]
    root = tmp_path_factory.mktemp(request.param)
    cfg = preset(name, **{**TINY, **extra, "paths.cache_root": str(root / "cache"),
                          "paths.results_root": str(root / "results")})
    tr = HybridTrainer.from_config(cfg, progress=False)
    tr.train()
    models = {"network": tr.synthetic_trainer.model, "physics": tr.physical_trainer.model}
    return cfg, field, tr, load_or_generate(cfg, observed=False, progress=False), evaluate(models, cfg)

def drawn(view) -> int:
    png = to_png(view)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
    return len(png)

def test_field_and_trajectory_views_draw(run):
    _, _, _, data, _ = run
    var = [v for v in data.data_vars if "time" in data[v].dims][0]
    one = data[var].isel(sim=0, time=0)
    drawn(field_view(one)); drawn(field_view(one, label=var)); drawn(field_view(one, label="truth"))
    drawn(trajectory_view(data, var))                                   # every frame
    drawn(trajectory_view(data[var].isel(time=slice(0, 1)).to_dataset(), var))   # a single frame

def test_trainer_views_draw(run):
    _, field, tr, _, metrics = run
    h = tr.history()
    for view in (samples_view(tr.samples()), samples_view(tr.samples(), step=0), loss_view(h), params_view(h),
                 param_field_view(h, field), param_field_view(tr.physical_trainer.model, field),
                 rollout_error_view(metrics)):
        drawn(view)

def test_views_name_what_is_wrong(run):
    _, field, tr, data, _ = run
    var = [v for v in data.data_vars if "time" in data[v].dims][0]
    with pytest.raises(ValueError, match="takes one frame"): field_view(data[var].isel(sim=0))
    with pytest.raises(ValueError, match="no field 'nope'"): param_field_view(tr.history(), "nope")
    with pytest.raises(ValueError, match="field parameters are"): param_field_view(tr.physical_trainer.model, "nope")

def test_png_markers_take_their_curves_colour():
    "The stepper's PNG plots (matplotlib backend): each curve's points are drawn in the curve's colour."
    import xarray as xr
    import holoviews as hv
    from matplotlib.colors import to_hex
    from hyco.viz import loss_view
    import holoviews.plotting.bokeh  # noqa: F401   (in JupyterLab bokeh is the current backend; PNGs use matplotlib)
    h = xr.Dataset({"synthetic_real_loss": ("cycle", [1.0, 0.5, 0.3]), "physical_real_loss": ("cycle", [2.0, 1.0, 0.9])},
                   coords={"cycle": [0, 1, 2]})
    before = hv.Store.current_backend
    hv.Store.set_current_backend("bokeh")
    try: ax = hv.render(loss_view(h), backend="matplotlib").axes[0]
    finally: hv.Store.set_current_backend(before)
    lines = sorted(to_hex(line.get_color()) for line in ax.get_lines() if len(line.get_xdata()) == 3)
    dots = sorted(to_hex(c.get_facecolor()[0]) for c in ax.collections)
    assert len(lines) == 2 and dots == lines, (lines, dots)
