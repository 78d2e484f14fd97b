"The docs pipeline up to Quarto: nbdev processes every documented notebook, with API docs for exported names."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_docs_processing():
    r = subprocess.run([sys.executable, "tools/check_docs.py"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "processed 1" in r.stdout and "problem" not in r.stdout, r.stdout
    assert (ROOT / "_proc" / "08_hybrid.ipynb").exists()
