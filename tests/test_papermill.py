"The papermill experiment runs end to end with tiny parameters, writes its files, and honours `-p` values."
import json
from pathlib import Path
import papermill as pm
import xarray as xr
import yaml

ROOT = Path(__file__).resolve().parents[1]

def test_run_hybrid_notebook(tmp_path):
    out = tmp_path / "run"
    params = dict(preset="burgers_1d", noise_level=0.01, seed=3, max_iter=15, num_fit_windows=8,
                  out_dir=str(out), cache_root=str(tmp_path / "cache"),
                  overrides={"data.num_frames": 10, "data.train_sim_indices": [0, 1, 2], "data.val_sim_indices": [3],
                             "data.test_sim_indices": [4]})
    pm.execute_notebook(str(ROOT / "nbs" / "run_hybrid.ipynb"), str(tmp_path / "out.ipynb"), parameters=params,
                        cwd=str(tmp_path), progress_bar=False)
    for f in ("config.yaml", "rollout_error.nc", "rollout_error.png", "summary.json"):
        assert (out / f).stat().st_size > 0, f
    cfg = yaml.safe_load((out / "config.yaml").read_text())
    assert cfg["data"]["observation"]["noise_level"] == 0.01      # -p values took effect
    assert cfg["data"]["seed"] == 3 and cfg["data"]["num_frames"] == 10
    summary = json.loads((out / "summary.json").read_text())
    assert summary["relative_error"]["nu"] < 0.2
    err = xr.open_dataset(out / "rollout_error.nc")
    assert err.sizes["time"] == 10
    assert float(err.fitted[-1]) < float(err.initial_guess[-1])
    assert list((tmp_path / "cache" / "tensors").glob("burgers_1d-*.zarr"))    # data went to the given cache root
