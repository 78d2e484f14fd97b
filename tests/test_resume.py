"A run killed mid-cycle (SIGKILL) resumes from its last completed cycle's checkpoint."
import os, signal, subprocess, sys, textwrap, time
from pathlib import Path
import numpy as np
from hyco.presets import preset
from hyco.hybrid import HybridTrainer

def small_cfg(tmp_path):
    return preset("burgers_1d", **{"paths.cache_root": str(tmp_path / "cache"), "paths.results_root": str(tmp_path / "results"),
                                   "data.train_sim_indices": [0, 1, 2, 3], "data.val_sim_indices": [4], "data.test_sim_indices": [5],
                                   "trainer.synthetic_epochs_per_cycle": 3, "trainer.physical_epochs_per_cycle": 2,
                                   "trainer.num_cycles": 50})

def test_killed_run_resumes_from_last_completed_cycle(tmp_path):
    cfg = small_cfg(tmp_path)
    cfg_path = tmp_path / "cfg.yaml"; cfg.to_yaml(cfg_path)
    script = textwrap.dedent(f"""
        from hyco.config import ExperimentConfig
        from hyco.hybrid import HybridTrainer
        HybridTrainer.from_config(ExperimentConfig.from_yaml({str(cfg_path)!r}), progress=False).train()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    ckpt = Path(cfg.paths.model_checkpoint_dir) / f"{cfg.name}-{cfg.hash()}"
    try:
        deadline = time.time() + 300
        while not (ckpt / "hybrid.pt").exists():             # wait for the first completed cycle
            assert proc.poll() is None, "training process ended early"
            assert time.time() < deadline, "no checkpoint after 300 s"
            time.sleep(0.2)
        time.sleep(1.0)                                       # now somewhere inside a later cycle
    finally:
        proc.send_signal(signal.SIGKILL); proc.wait()
    t = HybridTrainer.load(ckpt, progress=False)
    done = t.cycle
    assert done >= 1 and t.phase == 0
    h = t.history()
    assert h.sizes["cycle"] == done and not np.isnan(h.nu.values).any()
    t.train(1)                                                # and it continues
    assert t.cycle == done + 1 and t.history().sizes["cycle"] == done + 1
