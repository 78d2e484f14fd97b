"""The data store's zarr encoding: write time, read time and size on disk for chunkings and compressors.

    python perf/store.py [preset]

Writes the generated data set of `preset` (default burgers_128: 2-D, the largest default store) with each
encoding, best of 3, and reads it back whole and one simulation at a time (what `HybridDataset` does)."""
import shutil, sys, tempfile
from pathlib import Path
import xarray as xr
import zarr
from hyco.presets import preset
from hyco.data import load_or_generate
from timing import best

def size(path: Path) -> int: return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())

def main(name: str = "burgers_128"):
    root = Path(tempfile.mkdtemp())
    ds = load_or_generate(preset(name, **{"paths.cache_root": str(root / "cache")}), progress=False)
    print(f"{name}: {dict(ds.sizes)}, {ds.nbytes / 2**20:.1f} MiB in memory")
    zstd = zarr.codecs.ZstdCodec(level=3)
    blosc = zarr.codecs.BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")
    encodings = {
        "one chunk per simulation, default compressor (hyco's)": lambda v: {"chunks": (1,) + v.shape[1:]},
        "one chunk per simulation, no compression": lambda v: {"chunks": (1,) + v.shape[1:], "compressors": None},
        "one chunk per simulation, blosc lz4 + shuffle": lambda v: {"chunks": (1,) + v.shape[1:], "compressors": blosc},
        "one chunk per simulation, zstd 3": lambda v: {"chunks": (1,) + v.shape[1:], "compressors": zstd},
        "one chunk per frame, default compressor": lambda v: {"chunks": (1, 1) + v.shape[2:] if v.ndim > 2 else v.shape},
        "one chunk for everything, default compressor": lambda v: {"chunks": v.shape},
    }
    print(f"{'encoding':<55} {'write s':>8} {'read all s':>10} {'read 1 sim s':>12} {'MiB':>7}")
    for label, enc in encodings.items():
        path = root / "store.zarr"
        e = {k: enc(ds[k]) for k in ds.data_vars}
        def write():
            shutil.rmtree(path, ignore_errors=True); ds.to_zarr(path, mode="w", encoding=e, consolidated=False)
        w = best(write)
        r = best(lambda: xr.open_zarr(path, consolidated=False).load())
        one = best(lambda: xr.open_zarr(path, consolidated=False, chunks=None).isel(sim=3).load())
        print(f"{label:<55} {w:>8.3f} {r:>10.3f} {one:>12.4f} {size(path) / 2**20:>7.2f}")

if __name__ == "__main__": main(*sys.argv[1:])
