"""The offline reader: /sw.js (our own, from `sw.js` beside this module) and offline.json,
the digest of every file it may keep (not the search index: search needs a connection; never a
portfolio page: its address is its lock). The worker's VERSION is the digest of that list, so a
build that changes any file gives browsers a new worker, which forgets the copies that changed.

Only on a site with an origin of its own (`homeroom_school.settings.own_origin`). On a SITEURL
with a path, every other site of that origin could read or plant what Cache Storage keeps: no
page registers a worker there, no offline.json is written, and /sw.js is `sw-inert.js`, a
worker that removes this site's copies and itself from a browser that registered the reader
before."""

import hashlib
import json
from pathlib import Path

from homeroom_school import urls
from homeroom_school.folders import files_under
from homeroom_school.settings import own_origin

WORKER = Path(__file__).with_name("sw.js")
INERT_WORKER = Path(__file__).with_name("sw-inert.js")
# Never kept offline: the worker and its list, the search bundle (search needs a connection),
# and every portfolio page (its address is the only lock of a `link` page; a family page's
# copy would outlive its passphrase).
NOT_KEPT = (
    urls.service_worker(),
    urls.offline_manifest(),
    urls.search_bundle(),
    urls.portfolios(),
)


def file_digests(output: Path) -> dict[str, str]:
    """Each file a family may keep, by its path in the site, with the first 16 hex digits of
    its SHA-256 (as sw.js computes them), in sorted order."""
    digests = {}
    for path, entry in files_under(output):
        if not path.startswith(NOT_KEPT):
            with open(entry.path, "rb") as file:
                digests[path] = hashlib.sha256(file.read()).hexdigest()[:16]
    return dict(sorted(digests.items()))


def offline_files(output: Path, site_url: str) -> dict[str, bytes | None]:
    """What the offline reader adds to a finished site, by path in it: sw.js and offline.json
    (the same bytes for the same site); for a site without an origin of its own, only the
    inert sw.js, and offline.json as None (removed)."""
    if not own_origin(site_url):
        return {urls.offline_manifest(): None, urls.service_worker(): INERT_WORKER.read_bytes()}
    listing = json.dumps({"files": file_digests(output)}, sort_keys=True, separators=(",", ":"))
    listing += "\n"
    version = hashlib.sha256(listing.encode()).hexdigest()[:16]
    worker = WORKER.read_text(encoding="utf-8").replace("@VERSION@", version)
    return {urls.offline_manifest(): listing.encode(), urls.service_worker(): worker.encode()}


def put_files(output: Path, files: dict[str, bytes | None]) -> None:
    """Write each file into `output` (None: remove it)."""
    for name, data in files.items():
        if data is None:
            (output / name).unlink(missing_ok=True)
        else:
            (output / name).write_bytes(data)


def write_offline(output: Path, site_url: str) -> None:
    """Write offline.json and sw.js into a finished site (see `offline_files`)."""
    put_files(output, offline_files(output, site_url))
