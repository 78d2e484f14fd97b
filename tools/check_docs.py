"""Check the docs pipeline as far as it goes without Quarto.

`nbdev_proc_nbs` first makes sure Quarto is installed (and downloads it otherwise); everything it
does after that is run here: refresh `nbdev.yml`, rebuild the doc-link index and the sidebar, and
process every documented notebook into `_proc/` (front matter, `show_doc` for exported names, hidden
cells). It then checks that every notebook in the sidebar came out of processing, with the API
documentation of its exported names. `quarto render` (the GitHub workflow) takes it from there.
"""
import re, sys
from pathlib import Path
import nbformat
import nbdev.doclinks
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs

def main() -> int:
    cfg = get_config()
    if not (cfg.nbs_path / "_quarto.yml").exists():
        print(f"{cfg.nbs_path / '_quarto.yml'} is missing: nbdev reads the site configuration there (a link to ../_quarto.yml)")
        return 1
    refresh_quarto_yml(); nbdev.doclinks._build_modidx(); nbdev_sidebar.__wrapped__()
    cache = proc_nbs(n_workers=1, force=True)
    sidebar = (cfg.nbs_path / "sidebar.yml").read_text()
    documented = re.findall(r"(\S+\.ipynb)", sidebar)
    problems = []
    for name in documented:
        out = cache / name
        if not out.exists(): problems.append(f"{name}: not processed"); continue
        nb = nbformat.read(out, as_version=4)
        src = Path(cfg.nbs_path / name).read_text()
        exported = "#| export" in src
        has_api = any("show_doc" in c.source and "### " in str(c.get("outputs", "")) for c in nb.cells)
        if exported and not any(c.cell_type == "markdown" and re.search(r"^#+ ", c.source, re.M) for c in nb.cells):
            problems.append(f"{name}: no headings after processing")
        if exported and not has_api: problems.append(f"{name}: exports names but has no API documentation")
    print(f"processed {len(documented)} documented notebooks into {cache}")
    for p in problems: print("  problem:", p)
    return 1 if problems or not documented else 0

if __name__ == "__main__":
    sys.exit(main())
