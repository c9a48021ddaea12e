"""Photo benchmark: ms per 12-megapixel photo, cold and warm, against a naive Pillow path.

    python -m bench.photos [--photos 12]      (from the repository root)

Makes camera-like 4000x3000 JPEGs (EXIF orientation and GPS, as phones write them), then times
on the same photos in the same run:
- naive: open, exif_transpose, resize the full image to each width, save WebP and JPEG (1 core);
- Homeroom cold: the photo pipeline on every core with an empty cache;
- Homeroom warm: the same again, every photo a cache hit.
"""

import argparse
import os
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps

from homeroom_photos.cache import cached, process_into
from homeroom_photos.pipeline import PhotoSettings
from homeroom_school.media import cache_key
from tests.photos import camera_jpeg


def naive(path: Path, out: Path, settings: PhotoSettings) -> None:
    with Image.open(path) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
    for width in settings.widths:
        height = round(width * upright.height / upright.width)
        small = upright.resize((width, height), Image.Resampling.LANCZOS)
        small.save(out / f"{path.stem}-{width}.webp", quality=settings.webp_quality)
        small.save(out / f"{path.stem}-{width}.jpg", quality=settings.jpeg_quality)


def homeroom(job) -> None:
    path, entry, settings = job
    if cached(entry) is None:
        process_into(path, entry, settings)


def run(photos: list[Path], cache: Path, settings: PhotoSettings) -> float:
    started = time.perf_counter()
    jobs = [(p, cache / cache_key(p, settings), settings) for p in photos]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(homeroom, jobs))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = PhotoSettings()
    work = Path(tempfile.mkdtemp(prefix="homeroom-bench-photos-"))
    try:
        photos = [
            camera_jpeg(work / "in" / f"photo-{n:02d}.jpg", (4000, 3000), 6, seed=n)
            for n in range(args.photos)
        ]
        (work / "naive").mkdir()
        started = time.perf_counter()
        for photo in photos:
            naive(photo, work / "naive", settings)
        naive_ms = (time.perf_counter() - started) * 1000 / len(photos)
        cold, warm = [], []
        for run_number in range(args.runs):
            cache = work / f"cache-{run_number}"
            cold.append(run(photos, cache, settings) * 1000 / len(photos))
            warm.append(run(photos, cache, settings) * 1000 / len(photos))
        cold_ms, warm_ms = statistics.median(cold), statistics.median(warm)
        print(
            f"{len(photos)} photos of 12 MP, widths {settings.widths}, WebP + JPEG, "
            f"{os.cpu_count()} cores"
        )
        print(f"{'path':<28}{'ms/photo':>10}{'vs naive':>10}")
        print(f"{'naive Pillow (1 core)':<28}{naive_ms:>10.0f}{1:>10.2f}")
        print(f"{'Homeroom cold':<28}{cold_ms:>10.0f}{cold_ms / naive_ms:>10.2f}")
        print(f"{'Homeroom warm (cache)':<28}{warm_ms:>10.1f}{warm_ms / naive_ms:>10.3f}")
        entry = next((work / "cache-0").iterdir())
        print("\nbytes per derivative (median over the photos):")
        for name in sorted(p.name for p in entry.iterdir() if p.suffix != ".json"):
            sizes = [
                (e / name).stat().st_size
                for e in (work / "cache-0").iterdir()
                if (e / name).exists()
            ]
            print(f"  {name:<12}{statistics.median(sizes):>10,.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
