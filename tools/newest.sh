#!/usr/bin/env bash
# Install the newest versions of hyco's core stack that its pins allow (settings.ini), keeping the installed torch
# (a CPU build stays a CPU build), print them, and run a quick subset of the tests on them.
#   bash tools/newest.sh            # then: the full suite, the README's test command, before widening a pin
set -euo pipefail
cd "$(dirname "$0")/.."
keep="$(mktemp)"; trap 'rm -f "$keep"' EXIT
python -c "import torch; print('torch==' + torch.__version__)" > "$keep"
python -m pip install -q -U --upgrade-strategy eager -c "$keep" -e ".[dev]"
python - <<'PY'
from importlib.metadata import version
core = ["torch", "phiflow", "phiml", "numpy", "scipy", "xarray", "zarr", "netCDF4", "pandas", "papermill", "holoviews",
        "bokeh", "panel", "ipywidgets", "distributed", "tensorboard", "mlflow-skinny", "nbdev"]
print("  ".join(f"{p} {version(p)}" for p in core))
PY
python -m pytest -q -x tests/test_fit.py tests/test_fields.py tests/test_new_models.py
