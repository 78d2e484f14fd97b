"The docs pipeline up to Quarto: nbdev processes every documented notebook, with API docs for exported names."
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_docs_processing():
    r = subprocess.run([sys.executable, "tools/check_docs.py"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    n = int(re.search(r"processed (\d+) documented notebooks", r.stdout).group(1))
    assert n >= 18 and "problem" not in r.stdout, r.stdout
    assert (ROOT / "_proc" / "08_hybrid.ipynb").exists()

def test_docs_images_are_local_and_present():
    "Every image a documented page shows is a file shipped beside it (no network needed), and the benchmark page shows its figures."
    import nbformat
    proc = ROOT / "_proc"
    if not (proc / "benchmark.ipynb").exists():
        subprocess.run([sys.executable, "tools/check_docs.py"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    missing, remote = [], []
    for nb_path in sorted(proc.glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for c in nb.cells:
            if c.cell_type != "markdown": continue
            for src in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", c.source):
                if re.match(r"[a-z]+://", src): remote.append(f"{nb_path.name}: {src}")
                elif not (proc / src).is_file(): missing.append(f"{nb_path.name}: {src}")
    assert not missing and not remote, (missing, remote)
    bench = nbformat.read(proc / "benchmark.ipynb", as_version=4)
    shown = [c.source for c in bench.cells if c.cell_type == "markdown" and "![" in c.source]
    assert sum(s.count("![") for s in shown) >= 4
    pngs = [o for c in bench.cells if c.cell_type == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(pngs) >= 2, "the benchmark page's quick-size figures are not saved in the notebook"
