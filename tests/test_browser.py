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

def _accept_kernel_dialog(page):
    "JupyterLab sometimes asks which kernel to start (a race in session start-up): take the notebook's own, as a user would."
    dialog = page.locator(".jp-Dialog")
    for _ in range(3):
        if not (dialog.count() and "Select Kernel" in dialog.first.inner_text()): return
        try:
            dialog.first.get_by_role("button", name="Select", exact=True).click(timeout=5_000)
            dialog.first.wait_for(state="detached", timeout=10_000); return
        except Exception:
            page.keyboard.press("Enter")                 # the dialog's default button is "Select"
            time.sleep(2)

def _run_first_code_cell(page, attempts: int = 5):
    "Shift+Enter in the code cell; a press before the kernel connection is ready is dropped, so retry until the prompt shows it ran."
    prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first
    for _ in range(attempts):
        _accept_kernel_dialog(page)
        try: page.locator(".jp-CodeCell .cm-content").first.click(timeout=10_000)
        except Exception: continue        # a dialog that opened meanwhile intercepts the click: accept it and retry
        page.keyboard.press("Shift+Enter")
        end = time.time() + 15
        while time.time() < end:
            if prompt.inner_text().strip() not in ("[ ]:", ""): return
            time.sleep(0.5)
    raise AssertionError(f"the code cell did not start after {attempts} Shift+Enter presses")

import contextlib

@contextlib.contextmanager
def _lab(tmp_path, code: str | None, name: str):
    "JupyterLab on localhost serving a notebook `name` (whose one code cell is `code`, if given); yields its URL."
    if code is not None:
        nb = new_notebook(cells=[new_markdown_cell(f"# {name}"), new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"      # no news pop-up over the notebook
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    notebook = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"   # every cell rendered, none virtualised
    notebook.mkdir(parents=True)
    (notebook / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = _free_port(), "hyco-browser-test"
    log = open(tmp_path / "jupyterlab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                             f"--ServerApp.token={token}", f"--ServerApp.root_dir={tmp_path}", "--allow-root",
                             f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}", f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
                             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        yield f"http://127.0.0.1:{port}/lab/tree/{name}.ipynb?token={token}"
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill()
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "jupyterlab.log", ARTIFACTS / f"jupyterlab-{name}.log")

@contextlib.contextmanager
def _notebook_page(url: str, name: str, viewport: dict, route=None, run_first_cell: bool = True):
    "Chromium on the notebook at `url`, its code cell run once the kernel is idle; `<name>-failure.png` if the body fails."
    from playwright.sync_api import sync_playwright, expect
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport=viewport)
        if route is not None: page.route("**/*", route)
        try:
            page.goto(url)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            # wait for the kernel, then run the code cell as a user would
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=120_000)
            if run_first_cell: _run_first_code_cell(page)
            yield page
        except Exception:
            page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"), full_page=True)
            raise
        finally:
            browser.close()

@pytest.fixture
def jupyterlab(tmp_path):
    with _lab(tmp_path, SETUP.format(cache=str(tmp_path / "cache"), results=str(tmp_path / "results")), "stepper") as url: yield url

def _need_chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"): pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium not found: apt-get install chromium, or set HYCO_CHROMIUM to a Chromium binary")

def test_cycle_stepper_in_jupyterlab(jupyterlab):
    _need_chromium()
    from playwright.sync_api import expect
    with _notebook_page(jupyterlab, "stepper", {"width": 1400, "height": 1100}) as page:
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
    assert before_src and after_src and before_src != after_src, "the loss plot did not change after the click"
    assert "cycle 1" in after_status and "synthetic loss —" not in after_status, after_status   # losses of cycle 0 shown


# A HoloViews plot as the tutorial makes it, in a browser that can reach nothing but localhost
PLOT = """import holoviews as hv
from hyco.viz import notebook_extension
notebook_extension()
hv.Curve([(0, 0.0), (1, 1.0), (2, 4.0), (3, 9.0)]).opts(width=320, height=220, color="#1f77b4", line_width=3)"""

DRAWN = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
              for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
              return n; }"""

def _only_localhost(blocked: list):
    "A Playwright route handler that lets through localhost and inline data and aborts everything else."
    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")): return r.continue_()
        blocked.append(r.request.url); return r.abort()
    return route

def test_holoviews_plot_draws_offline(tmp_path):
    "BokehJS comes from the kernel (inline), not a CDN: with every non-localhost request blocked, the curve is drawn."
    _need_chromium()
    blocked = []
    only_localhost = _only_localhost(blocked)
    with _lab(tmp_path, PLOT, "offline_plot") as url, _notebook_page(url, "offline-plot", {"width": 1200, "height": 900},
                                                                     only_localhost) as page:
        canvas = page.locator(".jp-OutputArea canvas").first
        canvas.wait_for(timeout=120_000)
        end, drawn = time.time() + 60, 0
        while time.time() < end and drawn < 200:
            drawn = canvas.evaluate(DRAWN); time.sleep(0.5)
        page.screenshot(path=str(ARTIFACTS / "offline-plot.png"), full_page=True)
    assert drawn >= 200, f"the plot's canvas holds {drawn} drawn pixels; blocked requests: {blocked[:5]}"


# Pixels that are neither transparent nor near-white, in a canvas or (drawn onto one) an image
DRAWN_IMAGE = """img => { const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
                 if (!c.width) return 0; const g = c.getContext('2d'); g.drawImage(img, 0, 0);
                 const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
                 for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
                 return n; }"""

def _run_all_cells(page, attempts: int = 5):
    "Run > Run All Cells; as with Shift+Enter, a request before the kernel connection is ready is dropped: retry."
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
    for _ in range(attempts):
        _accept_kernel_dialog(page)
        try:
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=10_000)
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click(timeout=10_000)
        except Exception:
            page.keyboard.press("Escape"); continue
        end = time.time() + 20
        while time.time() < end:
            if any(t.strip() not in ("[ ]:", "") for t in prompts.all_inner_texts()): return
            time.sleep(0.5)
    raise AssertionError(f"Run All Cells did not start the notebook after {attempts} tries")

def test_tutorial_draws_offline(tmp_path):
    """The tutorial itself, every cell run in JupyterLab with every non-localhost request blocked: no cell fails, and
    every Bokeh plot (canvas) and every widget plot (PNG image, the stepper's and the inspector's) holds a drawing."""
    _need_chromium()
    from playwright.sync_api import expect
    nb = nbformat.read(ROOT / "nbs" / "tutorial.ipynb", as_version=4)     # nbdev_clean strips the kernelspec
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, tmp_path / "tutorial.ipynb")
    blocked = []
    with _lab(tmp_path, None, "tutorial") as url, _notebook_page(url, "tutorial", {"width": 1400, "height": 1000},
                                                                 _only_localhost(blocked), run_first_cell=False) as page:
        _run_all_cells(page)
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
        end = time.time() + 600
        while time.time() < end:
            texts = [t.strip() for t in prompts.all_inner_texts()]
            if texts and all(t[1:-2].isdigit() for t in texts): break      # "[12]:" everywhere: every cell ran
            time.sleep(2)
        else: raise AssertionError(f"the tutorial did not finish within 600 s: prompts {texts}")
        expect(page.locator(".hyco-status").first).to_contain_text("cycle 3", timeout=120_000)
        errors = page.locator("[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()
        time.sleep(3)                                                       # let Bokeh finish its last paints
        # a Bokeh plot paints on its first canvas; the others are transparent layers for interaction
        outputs = [o for o in page.locator(".jp-OutputArea-output").all() if o.locator("canvas").count()]
        drawn = [max(c.evaluate(DRAWN) for c in o.locator("canvas").all()) for o in outputs]
        images = page.locator(".hyco-loss-plot, .hyco-param-plot, .hyco-sample-plot").all()
        drawn_images = [i.evaluate(DRAWN_IMAGE) for i in images]
        page.screenshot(path=str(ARTIFACTS / "tutorial-offline.png"), full_page=True)
        (ARTIFACTS / "tutorial-blocked-requests.txt").write_text("\n".join(blocked) + "\n")
        page.locator(".hyco-cycle-stepper").first.screenshot(path=str(ARTIFACTS / "tutorial-stepper.png"))
    assert not errors, f"cells failed: {errors[:2]}"
    assert not blocked, f"{len(blocked)} requests tried to leave the machine: {sorted(set(blocked))}"
    assert len(outputs) >= 4 and len(images) == 3, (len(outputs), len(images))   # trajectory, samples, run, errors
    assert min(drawn) >= 200, f"blank Bokeh plots (drawn pixels per output {drawn}); blocked requests: {blocked[:5]}"
    assert min(drawn_images) >= 200, f"blank widget plots (drawn pixels per image {drawn_images})"


def test_docs_pages_render_offline(tmp_path):
    """The docs as nbdev processes them (`tools/check_docs.py`), rendered to HTML by nbconvert and opened in Chromium
    with nothing but local files reachable: the API page lists `HybridTrainer.step`, the benchmark page's figures load."""
    _need_chromium()
    from nbconvert import HTMLExporter
    from playwright.sync_api import sync_playwright
    proc = ROOT / "_proc"
    if not (proc / "99_api.ipynb").exists():
        subprocess.run([sys.executable, "tools/check_docs.py"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                       check=True)
    site = tmp_path / "site"
    shutil.copytree(proc, site, ignore=shutil.ignore_patterns("*.ipynb_checkpoints"))
    pages = {}
    for name in ("99_api", "benchmark"):
        html, _ = HTMLExporter(template_name="lab").from_filename(str(site / f"{name}.ipynb"))
        pages[name] = site / f"{name}.html"
        pages[name].write_text(html)
    blocked = []
    def only_files(r):
        if r.request.url.startswith(("file://", "data:", "blob:")): return r.continue_()
        blocked.append(r.request.url); return r.abort()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage",
                                                                                   "--allow-file-access-from-files"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.route("**/*", only_files)
        page.goto(pages["99_api"].as_uri(), wait_until="load")
        api_text = page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "docs-api.png"))
        page.goto(pages["benchmark"].as_uri(), wait_until="load")
        images = page.locator("img").all()
        drawn = [i.evaluate(DRAWN_IMAGE) for i in images]
        page.screenshot(path=str(ARTIFACTS / "docs-benchmark.png"), full_page=True)
        browser.close()
    for name in ("HybridTrainer.step", "HybridTrainer.train", "HybridTrainer.load", "preset"):
        assert name in api_text, f"the API page does not list {name}"
    assert len(drawn) >= 4 and min(drawn) >= 200, f"benchmark figures that did not load or are blank: {drawn}"
