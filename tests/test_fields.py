"""Parameter fields, the observation model on loss targets, fresh initial states and the final refinement (M25-M29).

Shrunken versions of the `heat_2d_field_*` presets (16x16 model grid, truth 3x finer) keep each test
to seconds; `python tests/test_fields.py` prints the recovery figures at the presets' full size."""
import json, sys
import numpy as np
import pytest
import torch
from hyco.presets import preset
from hyco.data import load_or_generate, observed_region
from hyco.dataset import HybridDataset
from hyco.physics import create_physical_model
from hyco.trainers import PhysicalTrainer, SyntheticTrainer, masked_mse
from hyco.synthetic import create_synthetic_model
from hyco.hybrid import HybridTrainer
from hyco.evaluate import compare

SMALL = {"model.physical.resolution": [16, 16], "data.gt_resolution": [48, 48], "data.num_frames": 10,
         "data.train_sim_indices": [0, 1, 2], "data.val_sim_indices": [3], "data.test_sim_indices": [4],
         "model.synthetic.base_channels": 8, "model.synthetic.depth": 2}

def heat(tmp_path, name="heat_2d_field_full", **overrides):
    return preset(name, **{"paths.cache_root": str(tmp_path / "cache"), "paths.results_root": str(tmp_path / "results"),
                           **SMALL, **overrides})

def fit(cfg, iterations=40):
    "Physics alone on the real training windows: the relative L2 error of the learned field, by region."
    model = create_physical_model(cfg)
    PhysicalTrainer(cfg.trainer.physical, model, progress=False).train(HybridDataset(cfg, return_fields=True), iterations)
    return model.param_region_errors(observed_region(cfg))["diffusivity"]

def test_complete_data_physics_recovers_gaussian_field(tmp_path):
    err = fit(heat(tmp_path))
    assert err["all"] <= 0.1, err

def test_complete_data_physics_recovers_grid_field(tmp_path):
    cfg = heat(tmp_path, **{"model.physical.param_fields": {"diffusivity": dict(form="grid", shape=[6, 6], regularizer="gradient",
                                                                                   reg_weight=1e-4)},
                            "model.physical.initial_params": {"diffusivity": 0.2}})
    err = fit(cfg)
    print(f"grid-form kappa (6x6 spline) from complete data: relative L2 error {err['all']:.4f}")
    assert err["all"] <= 0.1, err

def _modified(ds, region_mask, delta):
    "A copy of data set `ds` with `delta` added to the last frame's temperature where `region_mask` holds (a frame that is only ever a target)."
    out = ds.copy(deep=True)
    t = out.temperature.values
    t[:, -1, region_mask] += delta
    return out

def _losses(cfg, ds_override):
    "The network's and the physics' losses on every training window, with the store's data replaced by `ds_override`."
    torch.manual_seed(0)
    real_t, real_f = HybridDataset(cfg), HybridDataset(cfg, return_fields=True)
    for d in (real_t, real_f): d._ds = ds_override; d.clear_cache()
    x, y = real_t.tensor_batch(range(len(real_t)))
    net = create_synthetic_model(cfg, device="cpu")
    with torch.no_grad(): syn = float(SyntheticTrainer(cfg.trainer.synthetic, net, progress=False).loss(x, y))
    phys = PhysicalTrainer(cfg.trainer.physical, create_physical_model(cfg), progress=False).evaluate(real_f)
    return syn, phys, x

def test_unobserved_targets_do_not_enter_either_loss(tmp_path):
    cfg = heat(tmp_path, "heat_2d_field_quarter")
    truth = load_or_generate(cfg, observed=False, progress=False)
    seen = observed_region(cfg)
    base = _losses(cfg, truth)
    unobserved_changed = _losses(cfg, _modified(truth, ~seen, 0.5))
    observed_changed = _losses(cfg, _modified(truth, seen, 0.05))
    assert unobserved_changed[:2] == base[:2]
    assert observed_changed[0] != base[0] and observed_changed[1] != base[1]
    # inputs are the complete initial state: no zeros where the truth is non-zero, the unobserved part included
    x = base[2][:, 0]
    windows = [HybridDataset(cfg).window(i) for i in range(len(x))]
    t0 = np.stack([truth.temperature.values[s, t] for s, t in windows])
    assert not ((x.numpy() == 0) & (t0 != 0)).any()
    np.testing.assert_array_equal(x.numpy(), t0)

def test_windows_weigh_the_same_in_both_losses(tmp_path):
    "A 25 %-observed real window and a complete generated one contribute equally to the network's and the physics' loss."
    cfg = heat(tmp_path, "heat_2d_field_quarter")
    real = HybridDataset(cfg, return_fields=True)
    x, y = real.tensor_batch([0])
    assert abs(float(torch.isfinite(y).float().mean()) - 0.25) < 0.01        # the quarter
    full = torch.where(torch.isfinite(y), y, torch.zeros(()))                  # a complete window, 4x the entries
    pred = torch.zeros_like(y) + 0.1
    for a, b in ((y, full),):
        both = masked_mse(torch.cat([pred, pred]), torch.cat([a, b]))
        each = (masked_mse(pred, a) + masked_mse(pred, b)) / 2
        torch.testing.assert_close(both, each)
    from hyco.physics import window_errors, window_loss
    model = create_physical_model(cfg)
    conv = real.converter
    tgt = conv.to_fields(torch.cat([y, full]), ["temperature"])
    pr = conv.to_fields(torch.cat([pred, pred]), ["temperature"])
    se, _, cnt = window_errors(model, pr, tgt)
    total, w = window_loss(se, cnt)
    torch.testing.assert_close(total / w, (se[0] / cnt[0] + se[1] / cnt[1]) / 2)
    assert cnt[1] == 4 * cnt[0]

def small_hybrid(tmp_path, **overrides):
    return heat(tmp_path, "heat_2d_field_quarter", **{"trainer.num_cycles": 4, "trainer.synthetic_epochs_per_cycle": 2,
                                                      "trainer.physical_epochs_per_cycle": 3, "trainer.fresh_initial_states": 2,
                                                      "trainer.final_physical_iterations": 0, **overrides})

def test_fresh_states_differ_between_cycles_and_resume_exactly(tmp_path):
    cfg = small_hybrid(tmp_path)
    a = HybridTrainer.from_config(cfg, progress=False)
    a.train(1)
    first = a.history_rows[-1]
    x1 = a.fresh_samples("physical").tensors()[0]          # cycle 1's states (the trainer is now at cycle 1)
    assert first["num_fresh"] == 2 * (10 - 3) and first["fresh_seed_physical"] != a.fresh_seed("physical")
    a.cycle -= 1; x0 = a.fresh_samples("physical").tensors()[0]; a.cycle += 1
    assert not torch.allclose(x0, x1)
    a.train(1)
    path = tmp_path / "ckpt"; a.save(path)
    b = HybridTrainer.load(path, progress=False)
    b.train(2)
    c = HybridTrainer.from_config(cfg.with_overrides(**{"paths.results_root": str(tmp_path / "other")}), progress=False)
    c.train(4)
    hb, hc = b.history(), c.history()
    for k in ("synthetic_loss", "physical_loss", "diffusivity_rel_error", "fresh_seed_synthetic"):
        np.testing.assert_allclose(hb[k].values, hc[k].values, rtol=1e-5, err_msg=k)
    np.testing.assert_allclose(hb.diffusivity.values, hc.diffusivity.values, rtol=1e-5)

def test_complete_data_refinement_matches_physics_alone(tmp_path):
    "With complete data, HYCO ending in a final refinement gets a field error within 10 % of the physics alone (same budget)."
    cfg = heat(tmp_path, **{"trainer.num_cycles": 3, "trainer.synthetic_epochs_per_cycle": 2, "trainer.physical_epochs_per_cycle": 5,
                            "trainer.fresh_initial_states": 1, "trainer.final_physical_iterations": 20})
    tab = compare(cfg, progress=False).table
    alone, hyco = tab.loc["physics_alone", "diffusivity_rel_error"], tab.loc["hyco_physics", "diffusivity_rel_error"]
    print(f"complete data: physics alone {alone:.4f}, HYCO + refinement {hyco:.4f}")
    assert hyco <= 1.1 * alone + 1e-3, (alone, hyco)

def test_interaction_weight_and_refinement(tmp_path):
    "lambda scales generated windows in both losses (a different run from lambda 1); final iterations end with a refinement."
    runs = {}
    for lam in (1.0, 10.0):
        cfg = small_hybrid(tmp_path, **{"trainer.num_cycles": 1, "trainer.interaction_weight": lam,
                                        "paths.results_root": str(tmp_path / f"r{lam}")})
        runs[lam] = HybridTrainer.from_config(cfg, progress=False).train().isel(cycle=-1)
    for k in ("synthetic_loss", "diffusivity_rel_error"):
        assert np.isfinite(runs[10.0][k]) and runs[10.0][k] != runs[1.0][k], k
    cfg = small_hybrid(tmp_path, **{"trainer.num_cycles": 1, "trainer.final_physical_iterations": 3,
                                    "paths.results_root": str(tmp_path / "refine")})
    t = HybridTrainer.from_config(cfg, progress=False)
    assert type(t).__name__ == "FullHybridTrainer" and t.final_iterations == 3
    h = t.train()
    ref = json.loads(h.attrs["final_refinement"])
    assert ref["after_cycle"] == 1 and ref["errors_after"]["diffusivity_rel_error_observed"] <= \
        ref["errors_before"]["diffusivity_rel_error_observed"] + 1e-9
    assert HybridTrainer.load(t.checkpoint_dir, progress=False).refinement == t.refinement   # kept in the checkpoint

if __name__ == "__main__":    # the figures at the presets' full size
    import tempfile, pathlib
    root = pathlib.Path(tempfile.mkdtemp())
    for name, fields in (("gaussian_sum (the truth's form)", None),
                         ("grid 8x8 spline, gradient regulariser 1e-4",
                          {"diffusivity": dict(form="grid", shape=[8, 8], regularizer="gradient", reg_weight=1e-4)})):
        ov = {"paths.cache_root": str(root / "cache")}
        if fields: ov.update({"model.physical.param_fields": fields, "model.physical.initial_params": {"diffusivity": 0.2}})
        print(f"heat_2d_field_full, physics alone, {name}: {fit(preset('heat_2d_field_full', **ov), 60)}")
