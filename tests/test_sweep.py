"A 2×2 sweep of the experiment notebook on a two-worker Dask LocalCluster, gathered into one Dataset."
from pathlib import Path
import numpy as np
import xarray as xr
from hyco.utils import usable_cores
from hyco.sweep import sweep
from test_papermill import TINY

ROOT = Path(__file__).resolve().parents[1]

def test_sweep_run_hybrid_2x2(tmp_path):
    fixed = dict(num_cycles=1, synthetic_epochs_per_cycle=1, physical_epochs_per_cycle=2,
                 cache_root=str(tmp_path / "cache"), overrides=TINY)
    res = sweep(ROOT / "nbs" / "run_hybrid.ipynb", {"alpha": [0.2, 0.5], "seed": [0, 1]}, tmp_path / "sweep",
                parameters=fixed, n_workers=2, progress=False)
    assert (res.status == "ok").all(), res.error.values
    assert dict(res.mse.sizes) == {"alpha": 2, "seed": 2, "model": 4, "field": 1, "step": 7}
    assert list(res.alpha.values) == [0.2, 0.5] and list(res.seed.values) == [0, 1]
    assert np.isfinite(res.mse).all()
    # the swept values reached the runs: each run's own files agree with its grid point
    for a in (0.2, 0.5):
        for s in (0, 1):
            run = Path(str(res.output_notebook.sel(alpha=a, seed=s).values)).parent
            m = xr.load_dataset(run / "metrics.nc")
            assert m.attrs["alpha"] == a
            threads = xr.load_dataset(run / "history_hyco.nc").attrs["threads"]
            assert 1 <= threads and 2 * threads <= max(2, usable_cores()), threads   # 2 workers never oversubscribe
            np.testing.assert_array_equal(m.mse, res.mse.sel(alpha=a, seed=s))
    # different seeds mean different data and weights; the baselines do not depend on alpha
    assert not np.allclose(res.mse.sel(seed=0), res.mse.sel(seed=1))
    base = res.mse.sel(model=["network_alone", "physics_alone"])
    np.testing.assert_allclose(base.sel(alpha=0.2), base.sel(alpha=0.5), rtol=1e-6)
    assert (tmp_path / "sweep" / "sweep.nc").exists()
