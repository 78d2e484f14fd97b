"""`ruff check hyco` with the settings of ruff.toml, less one thing hyco cannot change: nbdev writes `__all__`
by wrapping the list at 120 characters *before* prefixing `__all__ = `, so its first line can reach 130."""
import json, subprocess, sys
from pathlib import Path

def main() -> int:
    out = subprocess.run(["ruff", "check", "hyco", "--output-format", "json"], capture_output=True, text=True)
    if out.returncode not in (0, 1): print(out.stderr, file=sys.stderr); return out.returncode
    def generated(v):
        line = Path(v["filename"]).read_text().splitlines()[v["location"]["row"] - 1]
        return v["code"] == "E501" and line.startswith("__all__ = ")
    found = [v for v in json.loads(out.stdout) if not generated(v)]
    for v in found:
        print(f"{Path(v['filename']).relative_to(Path.cwd())}:{v['location']['row']}:{v['location']['column']}: "
              f"{v['code']} {v['message']}")
    print(f"ruff check hyco: {len(found)} problem(s)")
    return 1 if found else 0

if __name__ == "__main__": sys.exit(main())
