"The papermill experiment runs end to end with tiny parameters, writes its files, and honours `-p` values."
import json
from pathlib import Path
import nbformat
import pandas as pd
import papermill as pm
import xarray as xr
import yaml

ROOT = Path(__file__).resolve().parents[1]
TINY = {"data.num_frames": 8, "data.train_sim_indices": [0, 1, 2], "data.val_sim_indices": [3],
        "data.test_sim_indices": [4, 5], "model.synthetic.base_channels": 8}

def test_run_hybrid_notebook(tmp_path):
    out = tmp_path / "run"
    params = dict(preset="burgers_1d", alpha=0.3, num_cycles=2, synthetic_epochs_per_cycle=2, physical_epochs_per_cycle=4,
                  spatial_fraction=0.5, noise_level=0.01, seed=3, out_dir=str(out), cache_root=str(tmp_path / "cache"),
                  overrides=TINY)
    pm.execute_notebook(str(ROOT / "nbs" / "run_hybrid.ipynb"), str(tmp_path / "out.ipynb"), parameters=params,
                        cwd=str(tmp_path), progress_bar=False)
    for f in ("config.yaml", "metrics.nc", "comparison.csv", "history_hyco.nc", "history_network_alone.nc", "history_physics_alone.nc",
              "rollout_error.png", "history.png", "summary.json"):
        assert (out / f).stat().st_size > 0, f
    cfg = yaml.safe_load((out / "config.yaml").read_text())               # -p values took effect
    assert cfg["trainer"]["alpha"] == 0.3 and cfg["trainer"]["num_cycles"] == 2
    assert cfg["trainer"]["synthetic_epochs_per_cycle"] == 2 and cfg["trainer"]["physical_epochs_per_cycle"] == 4
    obs = cfg["data"]["observation"]
    assert obs["noise_level"] == 0.01 and obs["spatial_fraction"] == 0.5
    assert cfg["data"]["seed"] == 3 and cfg["seed"] == 3 and cfg["data"]["num_frames"] == 8
    tab = pd.read_csv(out / "comparison.csv", index_col="model")
    assert list(tab.index) == ["network_alone", "physics_alone", "hyco", "hyco_physics"]
    assert (tab.loc[["physics_alone", "hyco_physics"], "nu_rel_error"] < 4.0).all()   # both moved off the 5x start
    m = xr.open_dataset(out / "metrics.nc")
    assert dict(m.mse.sizes) == {"model": 4, "field": 1, "step": 7}
    h = xr.open_dataset(out / "history_hyco.nc")
    assert h.sizes["cycle"] == 2 and int(h.num_generated[0]) == int(int(h.num_real[0]) * 0.3)
    alone = xr.open_dataset(out / "history_network_alone.nc")     # at least HYCO's optimizer steps, best epoch kept
    assert alone.attrs["optimizer_steps"] >= h.attrs["optimizer_steps"] and 1 <= alone.attrs["selected_epoch"] <= alone.sizes["epoch"]
    assert json.loads((out / "summary.json").read_text())["wall_seconds"] > 0
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)                # the output notebook shows table and figures
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("hyco_physics" in o.get("text", "") for o in outputs)
    texts = [o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs]
    assert sum("hyco_physics" in t for t in texts) == 1, "the comparison table is shown more than once"
    assert not any("0%|" in t or "it/s]" in t or "cycle/s]" in t for t in texts), "a progress bar frozen in the output"
    assert sum("hybrid cycle" in t for t in texts) == 1 and "hybrid cycle 1:" in "".join(texts)   # one line per cycle instead
    assert list((tmp_path / "cache" / "tensors").glob("burgers_1d-*.zarr"))    # data went to the given cache root
    said = "".join(texts)                                # one sentence says what the table shows, from its numbers
    ratio = tab.loc["hyco", "mean_rel_l2"] / tab.loc["network_alone", "mean_rel_l2"]
    assert "What the table shows" in said and f"{ratio:.2f}× the network alone's" in said
    assert "HYCO's nu has relative error" in said

def test_run_hybrid_default_is_the_scarce_data_regime():
    "The README's main job runs the research code's inviscid Burgers unless `-p preset` says otherwise."
    nb = nbformat.read(ROOT / "nbs" / "run_hybrid.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert 'preset = "inviscid_burgers_1d_upstream"' in params.source
