"A checkpoint save never deletes or displaces what it did not write."
from pathlib import Path
import pytest
from hyco.config import preset
from hyco.hybrid import HybridTrainer

@pytest.fixture(scope="module")
def trainer(tmp_path_factory):
    root = tmp_path_factory.mktemp("safety")
    cfg = preset("burgers_1d", **{"paths.cache_root": str(root / "cache"), "paths.results_root": str(root / "results"),
                                  "data.train_sim_indices": [0, 1], "data.val_sim_indices": [2], "data.test_sim_indices": [3],
                                  "data.num_frames": 8, "trainer.synthetic_epochs_per_cycle": 1, "trainer.physical_epochs_per_cycle": 1,
                                  "trainer.checkpoint": False})
    t = HybridTrainer.from_config(cfg, progress=False)
    t.train(1)
    return t

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
