"""Development settings: `invoke build`, `invoke serve` and plain `pelican content` read these."""

import os

SITENAME = "Riverside Elementary"
SITEURL = ""  # empty: links are relative, so the preview works from any folder or port
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = True  # a deleted post disappears from the preview too

PATH = "content"
OUTPUT_PATH = "output"
THEME = "themes/homeroom"
# Installed packages (`pip install -e .`), so any order works; listed in the order they run.
PLUGINS = [
    "homeroom_output",  # reads the school (homeroom_school: a library), writes every file
    "homeroom_i18n.plugin",  # UI strings and dates in the reader's language
    "homeroom_photos",  # resized, upright, metadata-free photos (cached)
    "homeroom_audio",  # posts' recordings: mono, loudness-normalized AAC (cached)
    "homeroom_video",  # short clips: 720p H.264/AAC MP4 and a poster (cached)
    "homeroom_site",  # the HTML pages of the URL contract
    "homeroom_feeds",  # Atom and RSS per class and language
    "homeroom_events",  # iCalendar feeds and one .ics per event
    "homeroom_newsletter.plugin",  # each month's newsletter as email HTML and plain text
    "homeroom_portfolio",  # each child's portfolio: encrypted (family) or unlisted (link)
    "homeroom_sitemap",  # sitemap.xml with hreflang, robots.txt
]

# Homeroom reads content/classes and content/pages itself (in parallel, into one school
# model), so Pelican's own article, page and static readers are given nothing to read.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
TEMPLATE_PAGES = {}
# Pelican's own feeds are off: Homeroom writes the feeds of the URL contract.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,  # a title or summary can never become markup
    "extensions": ["jinja2.ext.i18n"],
    "auto_reload": False,  # templates do not change during a build: no stat() per include
}

# Homeroom: see the README for every setting and its default.
# A local preview: drafts are shown (marked), and a portfolio without a passphrase is shown
# unencrypted (marked). publishconf.py turns this off: there, both are errors or left out.
HOMEROOM_PREVIEW = True

# Portfolio secrets come from the environment (CI secrets). Without them, the preview uses the
# demo school's DEMO-ONLY keys below: never use them for a real school.
HOMEROOM_FAMILY_KEYS = os.environ.get("HOMEROOM_FAMILY_KEYS", "demo-family-keys.yml")
HOMEROOM_SECRET = os.environ.get("HOMEROOM_SECRET", "demo-only-site-secret-not-for-real-use")
