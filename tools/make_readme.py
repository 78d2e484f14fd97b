"""Write README.md from nbs/index.ipynb without Quarto: markdown cells and visible code cells.

`python tools/make_readme.py` writes README.md; `--command tests` (or `main`) prints the README's
set-up command of that name, so CI runs exactly what a new user copies."""
import argparse, re, sys
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = {"main": "Run the main job", "tests": "Run the tests"}

def render(nb_path=ROOT / "nbs" / "index.ipynb") -> str:
    "README text of the index notebook: `#| hide` cells dropped, nbdev directives stripped."
    nb = nbformat.read(nb_path, as_version=4)
    parts = []
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type == "markdown": parts.append(c.source)
        elif c.cell_type == "code" and not any(re.fullmatch(r"#\|\s*hide", l.strip()) for l in lines):
            code = "\n".join(l for l in lines if not l.startswith("#|")).strip()
            if code: parts.append(f"```python\n{code}\n```")
    return "\n\n".join(parts) + "\n"

def command(name: str, text: str) -> str:
    "The shell command in the first ```sh block after the paragraph starting with HEADINGS[name]."
    i = text.index(HEADINGS[name])
    m = re.search(r"```sh\n(.*?)\n```", text[i:], re.S)
    return m.group(1).strip()

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--command", choices=sorted(HEADINGS), help="print this README command instead of writing README.md")
    a = ap.parse_args()
    if a.command: print(command(a.command, (ROOT / "README.md").read_text()))
    else: (ROOT / "README.md").write_text(render())
