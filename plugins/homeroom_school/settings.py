"""Every HOMEROOM_* setting: defaults in one place, validated once."""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:  # a later plugin's type, for readers and checkers only: no import at run time
    from homeroom_output.memo import PreviewMemo

DEFAULTS = {
    "HOMEROOM_CLASSES_PATH": "classes",  # folder of classes, inside PATH
    "HOMEROOM_PAGES_PATH": "pages",  # folder of school pages, inside PATH
    "HOMEROOM_FEED_ITEMS": 20,  # newest entries in each feed
    "HOMEROOM_HOME_NEWS": 5,  # latest posts on a class home
    "HOMEROOM_SCHOOL_HOME_NEWS": 8,  # latest posts on a school home
    "HOMEROOM_HOME_EVENTS": 5,  # upcoming events on a class home and a school home
    "HOMEROOM_NEWSLETTER_WEEKS": 6,  # a newsletter lists the events of this many weeks
    "HOMEROOM_ARCHIVE_PAGE_SIZE": 10,  # posts per page of a class's news archive
    "HOMEROOM_PREVIEW": False,  # local preview: drafts shown, unencrypted portfolios marked
    "HOMEROOM_PREVIEW_SITEURL": "http://127.0.0.1:8000",  # absolute base for feeds in preview
    "HOMEROOM_FEED_ID_AUTHORITY": "",  # domain in feed entry ids; default: SITEURL's host
    "HOMEROOM_TRANSLATIONS_PATH": "",  # gettext catalogs; default: THEME/translations
    "HOMEROOM_WORKERS": 0,  # processes that parse Markdown and make photos; 0: every core
    "HOMEROOM_TODAY": "",  # "YYYY-MM-DD": upcoming events, scheduled posts; default: build date
    "HOMEROOM_REPOSITORY_VISIBILITY": "",  # public | private | internal; "": unknown (publishconf)
    "HOMEROOM_REQUIRE_VISIBILITY": False,  # an unknown visibility fails publish (GitHub Actions)
    "HOMEROOM_MARKDOWN_MAX_BYTES": 512 * 1024,  # a larger Markdown file is an error
    "HOMEROOM_ATTACHMENT_MAX_BYTES": 10_000_000,  # a larger file in a portfolio entry: error
    "HOMEROOM_REMEMBER_DAYS": 180,  # days a browser keeps a family page's key when asked to
    "HOMEROOM_SITE_MAX_BYTES": 1_000_000_000,  # publish warns over 80%: GitHub Pages' limit
    "HOMEROOM_SEARCH": True,  # a search page per language, indexed by build and publish (Pagefind)
}


class SettingsError(ValueError):
    """A HOMEROOM_* or Pelican setting Homeroom cannot work with."""


@dataclass(frozen=True)
class Config:
    """The validated settings Homeroom's plugins read."""

    content_path: Path
    classes_path: str
    pages_path: str
    site_name: str
    site_url: str  # as Pelican has it: may be empty (preview)
    absolute_url: str  # always absolute: feeds, sitemap
    default_lang: str
    timezone: ZoneInfo
    feed_items: int
    home_news: int
    school_home_news: int
    home_events: int
    newsletter_weeks: int
    archive_page_size: int
    preview: bool
    feed_id_authority: str
    translations_path: Path
    today: date  # events that ended before it are past
    workers: int  # processes for parsing and photos
    remember_days: int  # days a remembered family page's key is kept in the browser
    markdown_max_bytes: int = DEFAULTS["HOMEROOM_MARKDOWN_MAX_BYTES"]
    attachment_max_bytes: int = DEFAULTS["HOMEROOM_ATTACHMENT_MAX_BYTES"]
    search: bool = DEFAULTS["HOMEROOM_SEARCH"]  # search pages and boxes; build/publish index
    # The preview's memory between rebuilds (homeroom_output's PreviewMemo); None in a full build.
    memo: "PreviewMemo | None" = None


def build_date(value, timezone: ZoneInfo) -> date:
    """ "Today" for this build: the setting, else SOURCE_DATE_EPOCH, else the clock."""
    if value:
        try:
            return date.fromisoformat(str(value))
        except ValueError as error:
            raise SettingsError(
                f"HOMEROOM_TODAY {value!r} is not a date like 2026-11-23"
            ) from error
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).astimezone(timezone).date()
        except ValueError as error:
            raise SettingsError(f"SOURCE_DATE_EPOCH {epoch!r} is not a number") from error
    return datetime.now(timezone).date()


def _positive_int(settings: dict, key: str) -> int:
    value = settings.get(key, DEFAULTS[key])
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError(f"{key} must be a whole number of at least 1, not {value!r}")
    return value


def load_config(settings: dict) -> Config:
    """Read Homeroom's settings from Pelican's, with defaults, or raise SettingsError."""
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    preview_url = str(
        settings.get("HOMEROOM_PREVIEW_SITEURL", DEFAULTS["HOMEROOM_PREVIEW_SITEURL"])
    ).rstrip("/")
    absolute = site_url if urlsplit(site_url).scheme in ("http", "https") else preview_url
    if urlsplit(absolute).scheme not in ("http", "https"):
        raise SettingsError(
            f"SITEURL {site_url!r} is not an absolute http(s) URL; feeds and the sitemap "
            "need one (set SITEURL, or HOMEROOM_PREVIEW_SITEURL for previews)"
        )
    tz_name = settings.get("TIMEZONE") or "UTC"
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SettingsError(
            f"TIMEZONE {tz_name!r} is not a time zone name like 'America/Chicago'"
        ) from error
    theme = Path(settings.get("THEME") or "themes/homeroom")
    translations = settings.get("HOMEROOM_TRANSLATIONS_PATH") or theme / "translations"
    return Config(
        content_path=Path(settings.get("PATH") or "content"),
        classes_path=settings.get("HOMEROOM_CLASSES_PATH", DEFAULTS["HOMEROOM_CLASSES_PATH"]),
        pages_path=settings.get("HOMEROOM_PAGES_PATH", DEFAULTS["HOMEROOM_PAGES_PATH"]),
        site_name=str(settings.get("SITENAME") or "Homeroom"),
        site_url=site_url,
        absolute_url=absolute,
        default_lang=str(settings.get("DEFAULT_LANG") or "en").lower(),
        timezone=timezone,
        feed_items=_positive_int(settings, "HOMEROOM_FEED_ITEMS"),
        home_news=_positive_int(settings, "HOMEROOM_HOME_NEWS"),
        school_home_news=_positive_int(settings, "HOMEROOM_SCHOOL_HOME_NEWS"),
        home_events=_positive_int(settings, "HOMEROOM_HOME_EVENTS"),
        newsletter_weeks=_positive_int(settings, "HOMEROOM_NEWSLETTER_WEEKS"),
        archive_page_size=_positive_int(settings, "HOMEROOM_ARCHIVE_PAGE_SIZE"),
        preview=bool(settings.get("HOMEROOM_PREVIEW", False)),
        feed_id_authority=settings.get("HOMEROOM_FEED_ID_AUTHORITY")
        or urlsplit(absolute).hostname
        or "localhost",
        translations_path=Path(translations),
        today=build_date(settings.get("HOMEROOM_TODAY"), timezone),
        workers=int(settings.get("HOMEROOM_WORKERS") or 0) or os.cpu_count() or 1,
        remember_days=_positive_int(settings, "HOMEROOM_REMEMBER_DAYS"),
        markdown_max_bytes=_positive_int(settings, "HOMEROOM_MARKDOWN_MAX_BYTES"),
        attachment_max_bytes=_positive_int(settings, "HOMEROOM_ATTACHMENT_MAX_BYTES"),
        search=search_setting(settings),
        memo=settings.get("HOMEROOM_MEMO"),
    )


def search_setting(settings: dict) -> bool:
    """HOMEROOM_SEARCH: True or False (a typo like "no" must not silently keep search on)."""
    value = settings.get("HOMEROOM_SEARCH", DEFAULTS["HOMEROOM_SEARCH"])
    if not isinstance(value, bool):
        raise SettingsError(
            f"HOMEROOM_SEARCH must be True or False, not {value!r} "
            "(in pelicanconf.py: HOMEROOM_SEARCH = False turns search off)"
        )
    return value


def published_address(siteurl: str) -> str:
    """The site's absolute address for `invoke publish`, or a SettingsError that says where it
    comes from: an empty or relative SITEURL gives root-relative links and page-relative photos
    (every photo broken)."""
    siteurl = (siteurl or "").strip().rstrip("/")
    parts = urlsplit(siteurl)
    if parts.scheme in ("http", "https") and parts.netloc:
        return siteurl
    problem = f"SITEURL {siteurl!r} is not absolute" if siteurl else "SITEURL is not set"
    raise SettingsError(
        f"{problem}: publishing needs the site's address, like https://school.example/homeroom. "
        "The Pages workflow (.github/workflows/publish.yml) passes it as the environment "
        "variable SITEURL, from actions/configure-pages; for a local publish, set SITEURL in "
        "the environment, e.g. `SITEURL=https://school.example invoke publish`."
    )


def own_origin(site_url: str) -> bool:
    """Whether the site has an origin of its own: the one decision behind what a browser may
    keep for it (a family page's key in IndexedDB, pages in Cache Storage for offline reading).

    A relative build (the preview, on its own 127.0.0.1 port) or a SITEURL with no path (a
    custom domain, or an owner's root `<owner>.github.io` site) has one. A SITEURL with a path
    (a project site, `https://<owner>.github.io/<repo>`) shares its origin with every other
    Pages site of that owner, and any of them could read or plant what this one keeps.
    """
    return urlsplit(site_url or "").path.strip("/") == ""
