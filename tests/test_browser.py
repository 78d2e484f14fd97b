"""A real browser drives the CycleStepper in JupyterLab.

JupyterLab is started on localhost with a small notebook that builds a tiny `HybridTrainer` and
displays a `CycleStepper`; Playwright, launched with Debian's Chromium, runs the cell, clicks
"Next cycle" and checks that the cycle counter and the loss plot changed. Screenshots before and
after the click go to `$HYCO_TEST_ARTIFACTS` (default: `test-artifacts/` in the repository).
"""
import os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("HYCO_TEST_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM = os.environ.get("HYCO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

SETUP = '''from hyco import HybridTrainer, preset
from hyco.widgets import CycleStepper
cfg = preset("burgers_1d", **{{"paths.cache_root": {cache!r}, "paths.results_root": {results!r}, "data.num_frames": 8,
                              "data.train_sim_indices": [0, 1, 2], "data.val_sim_indices": [3], "data.test_sim_indices": [4],
                              "trainer.num_cycles": 3, "trainer.synthetic_epochs_per_cycle": 2, "model.synthetic.base_channels": 8}})
trainer = HybridTrainer.from_config(cfg, progress=False)
stepper = CycleStepper(trainer)
stepper'''

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def _wait_http(url: str, proc, timeout: float = 120):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None: raise RuntimeError(f"JupyterLab exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5): return
        except Exception: time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout} s")

def _run_first_code_cell(page, attempts: int = 5):
    "Shift+Enter in the code cell; a press before the kernel connection is ready is dropped, so retry until the prompt shows it ran."
    prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first
    for _ in range(attempts):
        page.locator(".jp-CodeCell .cm-content").first.click()
        page.keyboard.press("Shift+Enter")
        end = time.time() + 15
        while time.time() < end:
            if prompt.inner_text().strip() not in ("[ ]:", ""): return
            time.sleep(0.5)
    raise AssertionError(f"the code cell did not start after {attempts} Shift+Enter presses")

@pytest.fixture
def jupyterlab(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Stepper"), new_code_cell(SETUP.format(cache=str(tmp_path / "cache"), results=str(tmp_path / "results")))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, tmp_path / "stepper.ipynb")
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"      # no news pop-up over the notebook
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port, token = _free_port(), "hyco-browser-test"
    log = open(tmp_path / "jupyterlab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                             f"--ServerApp.token={token}", f"--ServerApp.root_dir={tmp_path}", "--allow-root",
                             f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}", f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
                             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        yield f"http://127.0.0.1:{port}/lab/tree/stepper.ipynb?token={token}"
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill()
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "jupyterlab.log", ARTIFACTS / "jupyterlab.log")

def test_cycle_stepper_in_jupyterlab(jupyterlab):
    if CHROMIUM is None:
        if os.environ.get("CI"): pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium not found: apt-get install chromium, or set HYCO_CHROMIUM to a Chromium binary")
    from playwright.sync_api import sync_playwright, expect
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        try:
            page.goto(jupyterlab)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            # wait for the kernel, then run the code cell as a user would
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=120_000)
            _run_first_code_cell(page)
            status = page.locator(".hyco-status")
            expect(status).to_contain_text("cycle 0", timeout=240_000)
            button = page.get_by_role("button", name="Next cycle")
            expect(button).to_be_enabled()
            plot = page.locator(".hyco-loss-plot")
            before_src = plot.get_attribute("src")
            page.screenshot(path=str(ARTIFACTS / "stepper-before.png"), full_page=True)
            button.click()
            expect(status).to_contain_text("cycle 1", timeout=240_000)
            expect(status).to_contain_text("next phase: physical_predictions")
            expect(button).to_be_enabled(timeout=60_000)
            after_src, after_status = plot.get_attribute("src"), status.inner_text()
            page.locator(".hyco-cycle-stepper").screenshot(path=str(ARTIFACTS / "stepper-after-click.png"))
            page.screenshot(path=str(ARTIFACTS / "stepper-after.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "stepper-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    assert before_src and after_src and before_src != after_src, "the loss plot did not change after the click"
    assert "cycle 1" in after_status and "synthetic loss —" not in after_status, after_status   # losses of cycle 0 shown
