"""The reliability contract: nothing a user owns is lost or displaced, nothing is left behind, every bad input is named.

Each test injects the bad input or the fault through the public API and asserts the error a user sees (or that the run
goes on) and what is left on disk."""
import shutil, subprocess, sys, warnings
from pathlib import Path
import numpy as np
import pytest
import torch
import hyco.data
from hyco.config import ExperimentConfig
from hyco.presets import preset
from hyco.data import StoreError, load_or_generate, store_path
from hyco.hybrid import DivergenceError, HybridTrainer

def small(root: Path, **overrides) -> ExperimentConfig:
    "A 1-D Burgers config small enough for a cycle in about a second, with every path under `root`."
    return preset("burgers_1d", **{"paths.cache_root": str(root / "cache"), "paths.results_root": str(root / "results"),
                                   "data.train_sim_indices": [0, 1], "data.val_sim_indices": [2], "data.test_sim_indices": [3],
                                   "data.num_frames": 8, "trainer.synthetic_epochs_per_cycle": 1,
                                   "trainer.physical_epochs_per_cycle": 1, "trainer.checkpoint": False, **overrides})

def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))

@pytest.fixture(scope="module")
def trainer(tmp_path_factory):
    t = HybridTrainer.from_config(small(tmp_path_factory.mktemp("reliability")), progress=False)
    t.train(1)
    return t

# ---- checkpoints: a save never deletes or displaces what it did not write
def test_save_refuses_a_users_folder_and_keeps_its_files(trainer, tmp_path):
    folder = tmp_path / "my_results"; folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a hyco checkpoint"):
        trainer.save(folder)
    assert (folder / "notes.txt").read_text() == "mine" and sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_results"]          # no temporary or displaced copies left

def test_save_refuses_a_regular_file(trainer, tmp_path):
    f = tmp_path / "ckpt"; f.write_text("data")
    with pytest.raises(ValueError, match=str(f)):
        trainer.save(f)
    assert f.read_text() == "data" and sorted(p.name for p in tmp_path.iterdir()) == ["ckpt"]

def test_save_over_its_own_checkpoint_and_into_an_empty_folder(trainer, tmp_path):
    p = trainer.save(tmp_path / "ckpt")
    trainer.save(p)                                                             # a checkpoint is replaced by a newer one
    assert (p / "hybrid.pt").is_file() and HybridTrainer.load(p, progress=False).cycle == trainer.cycle
    empty = tmp_path / "empty"; empty.mkdir()
    assert (trainer.save(empty) / "hybrid.pt").is_file()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["ckpt", "empty"]

@pytest.mark.parametrize("name", ["hybrid.pt", "samples.nc"])
def test_a_truncated_checkpoint_file_is_named(trainer, tmp_path, name):
    p = trainer.save(tmp_path / "ckpt")
    f = p / name
    f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    with pytest.raises(ValueError, match=f"checkpoint file {f} is unreadable \\(truncated or corrupt"):
        HybridTrainer.load(p, progress=False)

def test_a_checkpoint_loads_with_weights_only(trainer, tmp_path):
    st = torch.load(trainer.save(tmp_path / "ckpt") / "hybrid.pt", weights_only=True)
    assert st["format_version"] == 2 and st["cycle"] == trainer.cycle
    assert ExperimentConfig.from_yaml(st["config"]).hash() == trainer.cfg.hash()

class _Payload:
    "A pickle that would create a file when unpickled."
    def __init__(self, target): self.target = str(target)
    def __reduce__(self): return (Path(self.target).touch, ())

def test_a_checkpoint_that_would_run_code_is_refused_unrun(trainer, tmp_path):
    p = trainer.save(tmp_path / "ckpt")
    torch.save({"format_version": 2, "x": _Payload(tmp_path / "pwned")}, p / "hybrid.pt")
    with pytest.raises(ValueError, match=f"checkpoint file {p / 'hybrid.pt'} is unreadable"):
        HybridTrainer.load(p, progress=False)
    assert not (tmp_path / "pwned").exists()

def test_an_old_format_checkpoint_is_named_with_its_version(trainer, tmp_path):
    p = trainer.save(tmp_path / "ckpt")
    (p / "physical.json").write_text("{}")                       # what format 1 wrote beside hybrid.pt
    with pytest.raises(ValueError, match=f"checkpoint {p / 'hybrid.pt'} is in format version 1"):
        HybridTrainer.load(p, progress=False)
    (p / "physical.json").unlink()
    st = torch.load(p / "hybrid.pt", weights_only=True); st["format_version"] = 3; torch.save(st, p / "hybrid.pt")
    with pytest.raises(ValueError, match="has format version 3; this hyco reads version 2"):
        HybridTrainer.load(p, progress=False)

@pytest.mark.parametrize("key,value", [("data.seed", 7), ("model.synthetic.base_channels", 8),
                                       ("model.physical.true_params", {"nu": 0.02}), ("trainer.hyco_strategy", "warmstart")])
def test_load_refuses_overrides_that_change_what_the_state_means(trainer, tmp_path, key, value):
    p = trainer.save(tmp_path / "ckpt")
    with pytest.raises(ValueError, match=f"\\['{key}'\\] are refused when loading a checkpoint"):
        HybridTrainer.load(p, progress=False, **{key: value})

def test_load_accepts_overrides_of_schedule_and_paths(trainer, tmp_path):
    p = trainer.save(tmp_path / "ckpt")
    t = HybridTrainer.load(p, progress=False, **{"trainer.num_cycles": 3, "trainer.synthetic_epochs_per_cycle": 2,
                                                 "paths.results_root": str(tmp_path / "elsewhere")})
    assert (t.cfg.trainer.num_cycles, t.cycle) == (3, trainer.cycle)
    for a, b in zip(t.synthetic_trainer.model.parameters(), trainer.synthetic_trainer.model.parameters()):
        assert torch.equal(a, b)

# ---- the shared cache: runs never touch each other's files, and no lock file is left
def test_two_runs_sharing_cache_root_keep_their_generated_files(tmp_path):
    cfg = small(tmp_path, **{"trainer.augmentation_strategy": "cache", "trainer.alpha": 0.5})
    a, b = HybridTrainer.from_config(cfg, progress=False), HybridTrainer.from_config(cfg, progress=False)
    assert a.cache_manager.run_dir != b.cache_manager.run_dir
    a.step("physical_predictions")                     # a's generated chunks are on disk, waiting for its training phase
    assert any(a.cache_manager.run_dir.rglob("chunk_*.pt"))
    assert b.step()["cycle"] == 0                      # b runs a whole cycle and cleans up after it
    row = a.step()                                     # a finishes its cycle from its own chunks
    assert row["cycle"] == 0 and row["strategy"] == "cache"
    assert not (tmp_path / "cache" / "generated").exists() or not any((tmp_path / "cache" / "generated").iterdir())

def test_no_lock_file_is_left_by_a_load_or_a_rejected_config(tmp_path):
    cfg = small(tmp_path)
    load_or_generate(cfg, progress=False); load_or_generate(cfg, progress=False)
    assert files(tmp_path / "cache" / "tensors") == sorted(f for f in files(tmp_path / "cache" / "tensors")
                                                          if not f.endswith(".lock"))
    assert [p.name for p in (tmp_path / "cache" / "tensors").iterdir()] == [store_path(cfg).name]
    for bad in ({"device": "cuda:7"}, {"data.fields_scheme.all": ["velocity", "pressure"]}):
        other = tmp_path / "other"
        with pytest.raises(ValueError, match="device|fields_scheme"):
            HybridTrainer.from_config(small(other, **bad), progress=False)
        assert not other.exists() or files(other) == [], files(other)     # rejected before anything was written

def test_reading_a_valid_store_takes_no_lock_and_writes_nothing(tmp_path, monkeypatch):
    cfg = small(tmp_path)
    ref = load_or_generate(cfg, progress=False)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*")}
    def no_lock(path): raise PermissionError(f"[Errno 13] Permission denied: '{path}.lock' (a read-only cache)")
    monkeypatch.setattr(hyco.data, "_store_lock", no_lock)
    again = load_or_generate(cfg, progress=False)
    np.testing.assert_array_equal(again.velocity_x.values, ref.velocity_x.values)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*")} == before

def test_a_regular_file_at_the_store_path_is_named_and_kept(tmp_path):
    cfg = small(tmp_path)
    p = store_path(cfg); p.parent.mkdir(parents=True); p.write_text("my notes")
    with pytest.raises(StoreError, match=f"{p} is a file, not a data store"):
        load_or_generate(cfg, progress=False)
    assert p.read_text() == "my notes" and [x.name for x in p.parent.iterdir()] == [p.name]

def test_a_users_folder_at_the_store_path_is_named_and_kept(tmp_path):
    cfg = small(tmp_path)
    p = store_path(cfg); p.mkdir(parents=True); (p / "mine.txt").write_text("mine")
    with pytest.raises(StoreError, match="is a folder that is not a zarr data store"):
        load_or_generate(cfg, progress=False)
    assert (p / "mine.txt").read_text() == "mine"

# ---- bad input named before any work
def test_simulation_indices_are_bounded_before_generation(tmp_path):
    with pytest.raises(ValueError, match=r"data.test_sim_indices = \[10000000\] is invalid: must hold indices below "
                                         r"data.max_simulations = 1000"):
        small(tmp_path, **{"data.test_sim_indices": [10000000]})
    assert small(tmp_path, **{"data.test_sim_indices": [1500], "data.max_simulations": 2000}).data.num_sims == 1501

def test_yaml_errors_name_the_file_line_and_column(tmp_path):
    bad = tmp_path / "exp.yaml"; bad.write_text("trainer:\n  alpha: 0.2\n  num_cycles: [3\n")
    with pytest.raises(ValueError, match=r"config file '.*exp.yaml' is not valid YAML at line \d+, column \d+"):
        ExperimentConfig.from_yaml(bad)
    empty = tmp_path / "empty.yaml"; empty.write_text("# to do\n")
    with pytest.raises(ValueError, match="empty.yaml' is empty"):
        ExperimentConfig.from_yaml(empty)
    assert ExperimentConfig.from_yaml("trainer: {alpha: 0.3, num_cycles: 2}").trainer.num_cycles == 2

def test_alpha_above_one_reuses_real_windows(tmp_path):
    t = HybridTrainer.from_config(small(tmp_path, **{"trainer.alpha": 2.5}), progress=False)
    row = t.step()
    assert t.num_generated == int(t.num_real * 2.5) > t.num_real
    assert row["num_generated"] == t.num_generated, row

def test_progress_false_prints_no_bar(tmp_path, capfd):
    HybridTrainer.from_config(small(tmp_path), progress=False)          # generates the store
    out, err = capfd.readouterr()
    assert "generating" not in out + err and "%|" not in out + err, (out + err)[-500:]

# ---- divergence: non-finite models stop the phase that would use them, by name
def test_nan_network_weights_raise_a_divergence_error_naming_the_phase(tmp_path):
    t = HybridTrainer.from_config(small(tmp_path), progress=False)
    t.step("physical_predictions"); t.step("synthetic_training")
    with torch.no_grad():
        for p in t.synthetic_trainer.model.parameters(): p.fill_(float("nan"))
    with pytest.raises(DivergenceError, match="cycle 0, phase 'synthetic_predictions' diverged"):
        t.step()
    assert t.phase == 0 and all(torch.isfinite(p).all() for p in t.synthetic_trainer.model.parameters())   # restored

def test_nan_network_weights_with_on_divergence_skip_skip_the_cycle(tmp_path):
    t = HybridTrainer.from_config(small(tmp_path, **{"trainer.on_divergence": "skip"}), progress=False)
    t.step("physical_predictions"); t.step("synthetic_training")
    with torch.no_grad():
        for p in t.synthetic_trainer.model.parameters(): p.fill_(float("nan"))
    with pytest.warns(UserWarning, match="cycle is skipped"):
        row = t.step()
    assert row == {"cycle": 0, "diverged": True} and t.cycle == 1
    assert t.step()["cycle"] == 1                      # the next cycle runs from the restored state

# ---- a sweep's own Dask cluster shuts down cleanly, even when its worker processes are slow to exit
def _slow_exit():
    import atexit, time
    atexit.register(time.sleep, 4.5)   # a worker whose interpreter takes 4.5 s to exit (a loaded machine, big imports):
                                       # longer than the 4 s a Nanny waits by default before it kills and warns
    return True

def test_sweep_closes_its_cluster_without_killing_workers(tmp_path, monkeypatch, caplog):
    import logging, nbformat
    import hyco.sweep
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell("out_dir = '.'\nx = 1"); p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell("import xarray as xr\nxr.Dataset({'y': x * 2.0}).to_netcdf(f'{out_dir}/metrics.nc')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "t.ipynb")
    connect = hyco.sweep._connect
    def slow_connect(client, n_workers):
        c, created = connect(client, n_workers)
        c.run(_slow_exit)
        return c, created
    monkeypatch.setattr(hyco.sweep, "_connect", slow_connect)
    with caplog.at_level(logging.WARNING, logger="distributed"):
        res = hyco.sweep.sweep(tmp_path / "t.ipynb", {"x": [1, 2]}, tmp_path / "out", progress=False)
    assert list(res.y.values) == [2.0, 4.0]
    assert not [r.getMessage() for r in caplog.records if "still alive" in r.getMessage()]

def test_a_checkpoint_that_does_not_fit_its_config_is_named_before_any_state_changes(trainer, tmp_path):
    p = trainer.save(tmp_path / "ckpt")
    st = torch.load(p / "hybrid.pt", weights_only=True)
    st["config"] = st["config"].replace("base_channels: 16", "base_channels: 8")   # edited by hand
    torch.save(st, p / "hybrid.pt")
    built = []
    real = HybridTrainer.from_config.__func__
    def spy(cls, cfg, progress=True, **kw):
        built.append(real(cls, cfg, progress, **kw)); return built[-1]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(HybridTrainer, "from_config", classmethod(spy))
        with pytest.raises(ValueError, match=r"does not fit the models its own config builds: network entry '[^']+' "
                                             r"has shape \[16, .*\] there and \[8, .*\] in the built model") as e:
            HybridTrainer.load(p, progress=False)
    assert str(p / "hybrid.pt") in str(e.value) and "load it with the hyco that wrote it" in str(e.value)
    fresh = built[0]                                        # the refused load restored nothing into what it built
    assert fresh.cycle == 0 and fresh.history_rows == [] and fresh.synthetic_trainer.global_epoch == 0

def test_a_missing_config_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.yaml' does not exist"):
        ExperimentConfig.from_yaml(tmp_path / "missing.yaml")

def test_two_runs_one_checkpoint_folder_the_second_is_refused_naming_the_first(tmp_path):
    "A second process training the same run (results_root and config) is refused before any work, naming the holder."
    from hyco.cache import FolderBusy
    cfg = small(tmp_path, **{"trainer.checkpoint": True})
    code = ("import time; from hyco.config import ExperimentConfig; from hyco.hybrid import HybridTrainer; "
            f"t = HybridTrainer.from_config(ExperimentConfig.from_yaml({cfg.to_yaml()!r}), progress=False); "
            "[t.step() for _ in range(4)]; print('held', flush=True); time.sleep(120)")   # one cycle, checkpointed
    first = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().strip() == "held", first.stderr.read()[-2000:]
        second = HybridTrainer.from_config(cfg, progress=False)
        with pytest.raises(FolderBusy, match=rf"checkpoint folder {second.checkpoint_dir} is in use by process "
                                             rf"{first.pid} on "):
            second.train(1)
        assert second.cycle == 0 and second.history_rows == []           # refused before any work
    finally:
        first.kill(); first.wait()
    second.train(1)                                                      # its holder gone: the run goes on
    assert second.cycle == 1 and (second.checkpoint_dir / "hybrid.pt").is_file()

def _interrupt_during(tr, phase: str):
    "Make `phase` of `tr` do its work and then raise KeyboardInterrupt (the stop button pressed late in the phase)."
    work = getattr(tr, f"_phase_{phase}")
    def interrupted(*a, **k):
        work(*a, **k); raise KeyboardInterrupt
    setattr(tr, f"_phase_{phase}", interrupted)

@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    "Two cycles run without an interrupt: the config and the trainer."
    cfg = small(tmp_path_factory.mktemp("interrupts"), **{"trainer.alpha": 0.5, "trainer.fresh_initial_states": 1,
                                                          "trainer.num_cycles": 2})
    ref = HybridTrainer.from_config(cfg, progress=False); ref.train()
    return cfg, ref

@pytest.mark.parametrize("phase", ["physical_predictions", "synthetic_training", "synthetic_predictions",
                                   "physical_training"])
def test_an_interrupt_rolls_back_its_phase_and_the_run_ends_as_an_uninterrupted_one(uninterrupted, phase):
    from hyco.hybrid import PHASES
    cfg, ref = uninterrupted
    tr = HybridTrainer.from_config(cfg, progress=False)
    tr.step()                                                            # cycle 0 as usual
    _interrupt_during(tr, phase)
    with pytest.raises(KeyboardInterrupt):
        tr.step()
    assert tr.cycle == 1 and PHASES[tr.phase] == phase and tr.interrupted == phase   # where it stands
    delattr(tr, f"_phase_{phase}")
    tr.train()                                                           # the next step redoes the phase
    assert tr.interrupted is None and tr.cycle == 2
    for a, b in zip(ref.history_rows, tr.history_rows):
        for k, v in a.items():
            if not k.startswith(("time", "t_", "peak")) and isinstance(v, float):
                assert b[k] == pytest.approx(v, rel=1e-9, nan_ok=True), (k, v, b[k])
    for (k, v), w in zip(ref.synthetic_trainer.model.state_dict().items(), tr.synthetic_trainer.model.state_dict().values()):
        assert torch.allclose(v, w, rtol=1e-6, atol=1e-9), k
    assert ref.physical_trainer.model.params["nu"].item() == pytest.approx(tr.physical_trainer.model.params["nu"].item(),
                                                                            rel=1e-9)

@pytest.fixture
def small_disk(tmp_path):
    "A 6 MiB tmpfs mounted for the test (needs root and mount permission; skipped with the reason otherwise)."
    import os
    mnt = tmp_path / "disk"; mnt.mkdir()
    if os.geteuid() != 0: pytest.skip("a full-disk test mounts a small tmpfs, which needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0: pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.strip() or r.returncode}")
    try: yield mnt
    finally: subprocess.run(["umount", "-l", str(mnt)], check=False)

def _fill(disk: Path, leave: int):
    "Fill `disk` until `leave` bytes are free (one more filler file per call)."
    free = shutil.disk_usage(disk).free
    (disk / f"filler{len(list(disk.glob('filler*')))}").write_bytes(b"\0" * max(0, free - leave))

def test_a_full_disk_keeps_the_previous_checkpoint_and_store_and_says_what_it_needed(trainer, small_disk):
    from hyco.utils import DiskFull
    from hyco.data import open_store, save_store
    ckpt = trainer.save(small_disk / "ckpt")                           # fits
    store = save_store(load_or_generate(trainer.cfg, observed=False, progress=False), small_disk / "store.zarr")
    before = open_store(store).load()
    _fill(small_disk, 64 * 1024)
    with pytest.raises(DiskFull, match=rf"no space left on the device for {ckpt}: the write had reached .* MiB when the "
                                       r"disk filled, and .* MiB are free there; the partial write is removed and ckpt "
                                       "keeps its previous content"):
        trainer.save(ckpt)
    _fill(small_disk, 0)
    with pytest.raises(DiskFull, match=f"for {store}"):
        save_store(before, store)
    assert sorted(p.name for p in small_disk.iterdir() if not p.name.startswith("filler")) == ["ckpt", "store.zarr"]
    back = HybridTrainer.load(ckpt, progress=False)                      # the previous checkpoint reads as it was
    assert back.cycle == trainer.cycle
    import xarray as xr
    xr.testing.assert_identical(open_store(store).load(), before)

def test_a_sweep_point_whose_worker_dies_is_retried_then_recorded_failed(tmp_path):
    """A run that kills its Dask worker once finishes on another; one that kills it every time is recorded failed after
    Dask's retries (`distributed.scheduler.allowed-failures`, 3: a point merely queued on a dying worker counts a death
    too, so fewer would fail bystanders), and every other point finishes."""
    import nbformat
    import hyco.sweep
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell("out_dir = '.'\nx = 1\nmarks = '.'"); p.metadata["tags"] = ["parameters"]
    kill = ("import os, signal, pathlib\n"
            "mark = pathlib.Path(marks) / f'attempts-{x}'\n"
            "first = not mark.exists()\n"
            "with open(mark, 'a') as f: print('attempt', file=f)\n"
            "if x == 3 or (x == 2 and first): os.kill(os.getppid(), signal.SIGKILL)   # the worker running this kernel\n"
            "import xarray as xr   # after the kill: an attempt that dies costs no import\n"
            "xr.Dataset({'y': x * 2.0}).to_netcdf(f'{out_dir}/metrics.nc')")
    nb.cells = [p, nbformat.v4.new_code_cell(kill)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "t.ipynb")
    (tmp_path / "marks").mkdir()
    with pytest.warns(UserWarning, match="1 of 2 runs failed"):
        res = hyco.sweep.sweep(tmp_path / "t.ipynb", {"x": [2, 3]}, tmp_path / "out", progress=False,
                               parameters={"marks": str(tmp_path / "marks")})
    assert list(res.status.values) == ["ok", "failed"]
    assert res.y.values[0] == 4.0 and np.isnan(res.y.values[1])
    assert "the workers running it kept dying" in str(res.error.values[1])
    attempts = {x: len((tmp_path / "marks" / f"attempts-{x}").read_text().splitlines()) for x in (2, 3)}
    assert attempts[2] >= 2 and attempts[3] >= 2, attempts   # retried (a finished point whose worker died before its
                                                              # result was gathered is run again too: Dask's recompute)

def test_a_killed_runs_generated_folder_is_pruned_when_the_next_run_starts(tmp_path):
    "A run killed mid-cycle leaves generated/<run id>/; the next run on the cache removes it, and nothing else."
    cfg = small(tmp_path, **{"trainer.alpha": 0.5, "trainer.augmentation_strategy": "cache"})
    code = ("import os, signal; from hyco.config import ExperimentConfig; from hyco.hybrid import HybridTrainer; "
            f"t = HybridTrainer.from_config(ExperimentConfig.from_yaml({cfg.to_yaml()!r}), progress=False); "
            "t.step('physical_predictions'); print(t.cache_manager.run_dir, flush=True); os.kill(os.getpid(), signal.SIGKILL)")
    dead = Path(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip())
    generated = Path(cfg.paths.generated_cache_dir)
    assert dead.parent == generated and any(dead.rglob("chunk_*.pt")), list(dead.rglob("*"))   # its debris is there
    mine = generated / "my-analysis"; mine.mkdir(); (mine / "notes.txt").write_text("keep")
    HybridTrainer.from_config(cfg, progress=False)                        # the next run starts
    assert not dead.exists() and (mine / "notes.txt").read_text() == "keep"

def test_a_sweep_run_that_fills_the_disk_is_failed_naming_the_path_and_leaves_no_partial_files(small_disk):
    "What each sweep worker runs (`_run_point`): a run whose output fills the disk is a failure naming its folder."
    import nbformat
    from hyco.sweep import _run_point
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell("out_dir = '.'\nmib = 1"); p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell("import xarray as xr\nopen(f'{out_dir}/big.bin', 'wb').write(b'0' * mib * 2 ** 20)\n"
                                             "xr.Dataset({'y': float(mib)}).to_netcdf(f'{out_dir}/metrics.nc')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, small_disk / "t.ipynb")
    done, run = small_disk / "run-0", small_disk / "run-1"
    done.mkdir(); (done / "metrics.nc").write_bytes(b"an earlier point's result"); run.mkdir()
    out = _run_point(str(small_disk / "t.ipynb"), str(run / "output.ipynb"), {"out_dir": str(run), "mib": 50}, None, None)
    assert not out["ok"] and f"no space left on the device for {run}: the run had written" in out["error"]
    assert "its partial files are removed" in out["error"] and list(run.iterdir()) == []
    assert (done / "metrics.nc").read_bytes() == b"an earlier point's result"   # another point's results are untouched
