"A 32³ run under a small memory budget: the physical fit goes in chunks, and it and the generated windows stay within it."
import pytest
from hyco.presets import preset
from hyco.hybrid import HybridTrainer

def cube(tmp_path, **overrides):
    "The 3-D Burgers preset at 32³, shrunk to a cycle of seconds (3 frames, 2 training simulations, a small network)."
    return preset("burgers_3d_field", **{
        "paths.cache_root": str(tmp_path / "cache"), "paths.results_root": str(tmp_path / "results"),
        "data.num_frames": 3, "data.num_predict_steps": 1, "data.train_sim_indices": [0, 1],
        "data.val_sim_indices": [2], "data.test_sim_indices": [3], "model.synthetic.base_channels": 4,
        "trainer.synthetic_epochs_per_cycle": 1, "trainer.physical_epochs_per_cycle": 1, "trainer.alpha": 0.5,
        "trainer.checkpoint": False, **overrides})

class Held:
    "Measures the bytes of generated windows held in RAM after each predictions phase (in memory, or a cache's LRU)."
    def __init__(self): self.bytes = []
    def after_phase(self, trainer, phase):
        if not phase.endswith("_predictions"): return
        chunks = [c for g in trainer._gen.values() for c in [*getattr(g, "_chunks", []), *getattr(g, "_lru", {}).values()]]
        self.bytes.append(sum(t.numel() * t.element_size() for c in chunks for t in c))

def test_a_32_cubed_run_under_a_small_budget_completes_in_chunks(tmp_path):
    roomy = HybridTrainer.from_config(cube(tmp_path), progress=False)
    pt = roomy.physical_trainer
    n = len(roomy.real_field)
    assert pt.chunk_size(roomy.real_field) == n                      # 4 GB: every window in one evaluation
    per_window = pt._graph_bytes(*roomy.real_field.field_batch(range(2))) / 2
    budget = 2 * 2.5 * per_window / 2 ** 30                         # half of it holds two and a half windows' graphs
    held = Held()
    tr = HybridTrainer.from_config(cube(tmp_path, **{"trainer.memory_budget_gb": budget}), progress=False,
                                   callbacks=[held])
    h = tr.train(1)
    assert len(held.bytes) == 2 and 0 < min(held.bytes) and max(held.bytes) <= budget * 2 ** 30 / 2, (held.bytes, budget)
    chunks = tr.physical_trainer._field_chunks(tr.real_field)
    assert len(chunks) == -(-n // 2) > 1, (n, len(chunks))
    for init, tgt, _ in chunks:                                     # measured: what autograd saves per chunk
        assert tr.physical_trainer._graph_bytes(init, tgt) <= budget * 2 ** 30 / 2
    assert h.sizes["cycle"] == 1 and float(h.nu_rel_error[0]) < 1e9  # the run completed with a finite error

def test_a_budget_too_small_for_one_window_is_refused_before_training(tmp_path):
    with pytest.raises(ValueError, match=r"trainer.memory_budget_gb = 1e-06 is too small for the physical fit: the "
                                         r"backward pass of one window .* set trainer.memory_budget_gb >= "):
        HybridTrainer.from_config(cube(tmp_path, **{"trainer.memory_budget_gb": 1e-6}), progress=False)
