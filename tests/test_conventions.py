"""CF conventions on everything hyco writes: every coordinate and variable of the store, the history, the samples and
the metrics has `long_name` and `units`, for scalar parameters (1-D Burgers) and parameter fields (2-D heat)."""
import pytest
from hyco.data import load_or_generate, undescribed
from hyco.evaluate import evaluate
from hyco.hybrid import HybridTrainer
from test_fields import heat
from test_reliability import small

@pytest.mark.parametrize("make", [small, lambda root: heat(root, "heat_2d_field_quarter", **{
    "trainer.num_cycles": 1, "trainer.synthetic_epochs_per_cycle": 1, "trainer.physical_epochs_per_cycle": 1,
    "trainer.checkpoint": False})], ids=["burgers_1d", "heat_2d_field_quarter"])
def test_every_output_is_described(make, tmp_path):
    cfg = make(tmp_path)
    trainer = HybridTrainer.from_config(cfg, progress=False)
    trainer.train(1)
    outputs = {"store": load_or_generate(cfg, progress=False), "history": trainer.history(),
               "samples": trainer.samples(), "metrics": evaluate(trainer)}
    assert {k: undescribed(ds) for k, ds in outputs.items()} == {k: [] for k in outputs}
    h = outputs["history"]
    assert h.time_cycle.attrs["units"] == "s" and h.generated_mb.attrs["units"] == "MiB"
    assert len(h.data_vars) > 20 and all(h[v].attrs["long_name"] for v in h.variables)

def test_store_is_chunked_per_simulation_and_blosc_compressed(tmp_path):
    "The encoding perf/store.py chose: one chunk per simulation, blosc lz4 with byte shuffle."
    import zarr
    from hyco.data import store_path
    cfg = small(tmp_path)
    ds = load_or_generate(cfg, observed=False, progress=False)      # the store's own variables
    group = zarr.open_group(store_path(cfg), mode="r")
    for v in ds.data_vars:
        arr = group[v]
        assert arr.chunks == (1,) + arr.shape[1:], (v, arr.chunks)
        assert "lz4" in str(arr.compressors), (v, arr.compressors)
