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
