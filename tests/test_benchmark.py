"The benchmark notebook at its `quick` size: one seed, two regimes, every contender; the pipeline's outputs, not the science."
import json
from pathlib import Path
import pandas as pd
import papermill as pm
import pytest
import xarray as xr
from hyco.benchmark import CONTENDERS, METRICS

NB = Path(__file__).resolve().parents[1] / "nbs" / "benchmark.ipynb"

def test_quick_benchmark_writes_tables_and_figures(tmp_path):
    out = tmp_path / "bench"
    regimes = ["heat_2d_field_quarter", "burgers_1d_sparse_noisy"]
    pm.execute_notebook(str(NB), str(tmp_path / "out.ipynb"), cwd=str(NB.parent), progress_bar=False,
                        parameters=dict(regimes=regimes, seeds="[0]", size="quick", out_dir=str(out),   # text, as `-p seeds "[0]"` gives
                                        cache_root=str(tmp_path / "cache")))
    ds = xr.load_dataset(out / "benchmark.nc")
    assert list(ds.regime.values) == regimes and list(ds.seed.values) == [0]
    assert list(ds.contender.values) == list(CONTENDERS) and list(ds.metric.values) == list(METRICS)
    assert (ds.status == "ok").all()
    v = ds.value.sel(seed=0)
    assert v.sel(regime="heat_2d_field_quarter", contender="hyco", metric="param_rel_error_unobserved").notnull()
    assert v.sel(regime="burgers_1d_sparse_noisy", contender="network_alone", metric="network_rel_l2").notnull()
    assert v.sel(regime="burgers_1d_sparse_noisy", contender="physics_alone_regularised").isnull().all()   # no field to regularise
    tidy = pd.read_csv(out / "benchmark.csv")
    assert set(tidy.columns) >= {"regime", "seed", "contender", "metric", "value"} and len(tidy) == int(ds.value.notnull().sum())
    summary = pd.read_csv(out / "summary.csv")
    assert {"median", "min", "max", "seeds"} <= set(summary.columns)
    for png in ("errors.png", "fields_heat_2d_field_quarter.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
    assert json.loads((out / "summary.json").read_text())["failed"] == []

@pytest.mark.parametrize("param,value,listed", [("regimes", ["heat_3d"], "heat_2d_field_quarter"), ("seeds", [], "seeds"),
                                                ("size", "huge", "quick"), ("contenders", ["pinn"], "network_alone")])
def test_bad_input_stops_before_any_work(tmp_path, param, value, listed):
    out = tmp_path / "bench"
    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(NB), str(tmp_path / "out.ipynb"), cwd=str(NB.parent), progress_bar=False,
                            parameters={"out_dir": str(out), "cache_root": str(tmp_path / "cache"), param: value})
    assert e.value.ename == "ValueError" and listed in e.value.evalue
    assert not out.exists() and not (tmp_path / "cache").exists()
