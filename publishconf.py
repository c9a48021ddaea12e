"""Production settings for `invoke publish`: strict, absolute URLs, no drafts."""

import os
import runpy
from pathlib import Path

# pelicanconf.py's settings (the file beside this one, wherever Pelican is run from), then the
# production ones below over them.
globals().update(
    (name, value)
    for name, value in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
    if name.isupper()
)

# The site's absolute address, from the environment only: the Pages workflow passes it in SITEURL
# (from actions/configure-pages, see .github/workflows/publish.yml); for a local publish, set it:
# `SITEURL=https://school.example invoke publish`. Publish refuses an empty or relative one.
SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

HOMEROOM_PREVIEW = False
# Only ever from the environment: a publish without them fails (it never falls back to demo keys).
HOMEROOM_FAMILY_KEYS = os.environ.get("HOMEROOM_FAMILY_KEYS", "")
HOMEROOM_SECRET = os.environ.get("HOMEROOM_SECRET", "")
# Who can read the repository, as GitHub Actions says (publish.yml passes it): public, private
# or internal; empty: unknown (a local publish). A public one holds the portfolios' sources in
# clear (entries, names, original photos), so publish refuses family and link portfolios there.
HOMEROOM_REPOSITORY_VISIBILITY = os.environ.get("HOMEROOM_REPOSITORY_VISIBILITY", "").strip()
# Inside GitHub Actions the visibility must be known: fail closed when the workflow forgot it.
HOMEROOM_REQUIRE_VISIBILITY = os.environ.get("GITHUB_ACTIONS") == "true"
