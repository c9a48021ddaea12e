"""The offline reader: /sw.js (our own, from `sw.js` beside this module) and offline.json,
the digest of every file it may keep (not the search index: search needs a connection).
The worker's VERSION is the digest of that list, so a
build that changes any file gives browsers a new worker, which forgets the copies that changed."""

import hashlib
import json
from pathlib import Path

from homeroom_school import urls

WORKER = Path(__file__).with_name("sw.js")
# Never kept offline: the worker and its list, the search bundle (search needs a connection).
NOT_KEPT = (urls.service_worker(), urls.offline_manifest(), urls.search_bundle())


def file_digests(output: Path) -> dict[str, str]:
    """Each file a family may keep, by its path in the site, with the first 16 hex digits of
    its SHA-256 (as sw.js computes them), in sorted order."""
    digests = {}
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        if path.is_file() and not name.startswith(NOT_KEPT):
            digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return digests


def write_offline(output: Path) -> None:
    """Write offline.json and sw.js into a finished site: the same bytes for the same site."""
    files = file_digests(output)
    listing = json.dumps({"files": files}, sort_keys=True, separators=(",", ":")) + "\n"
    version = hashlib.sha256(listing.encode()).hexdigest()[:16]
    worker = WORKER.read_text(encoding="utf-8").replace("@VERSION@", version)
    (output / urls.offline_manifest()).write_text(listing, encoding="utf-8")
    (output / urls.service_worker()).write_text(worker, encoding="utf-8")
