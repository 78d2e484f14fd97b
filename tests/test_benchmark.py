"""Bad input to the benchmark notebook stops it before any work.

The `quick` size itself runs with the notebook tests (`nbdev_test`): the notebook is the docs page and asserts its outputs."""
from pathlib import Path
import papermill as pm
import pytest

NB = Path(__file__).resolve().parents[1] / "nbs" / "benchmark.ipynb"

@pytest.mark.parametrize("param,value,listed", [("regimes", ["heat_3d"], "heat_2d_field_quarter"), ("seeds", [], "seeds"),
                                                ("size", "huge", "quick"), ("contenders", ["pinn"], "network_alone")])
def test_bad_input_stops_before_any_work(tmp_path, param, value, listed):
    out = tmp_path / "bench"
    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(NB), str(tmp_path / "out.ipynb"), cwd=str(NB.parent), progress_bar=False,
                            parameters={"out_dir": str(out), "cache_root": str(tmp_path / "cache"), param: value})
    assert e.value.ename == "ValueError" and listed in e.value.evalue
    assert not out.exists() and not (tmp_path / "cache").exists()
