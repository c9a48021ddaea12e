"""Production settings for `invoke publish`: strict, absolute URLs, no drafts."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# GitHub Actions passes the Pages URL in SITEURL (see .github/workflows/publish.yml).
SITEURL = os.environ.get("SITEURL", "https://example.github.io/homeroom").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

HOMEROOM_PREVIEW = False
# Only ever from the environment: a publish without them fails (it never falls back to demo keys).
HOMEROOM_FAMILY_KEYS = os.environ.get("HOMEROOM_FAMILY_KEYS", "")
HOMEROOM_SECRET = os.environ.get("HOMEROOM_SECRET", "")
