"""Every HOMEROOM_* setting, declared once (SCHEMA): default, check, one line of documentation."""

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:  # reading/ imports this module: for readers and checkers only
    from homeroom_school.reading.memory import ReadingMemory


class SettingsError(ValueError):
    """A HOMEROOM_* or Pelican setting Homeroom cannot work with."""


Check = Callable[[str, object], object]  # (name, value) -> the value, or a SettingsError


def whole(least: int, most: int | None = None) -> Check:
    """A whole number from `least` (to `most`): never a bool, a string or a float."""
    span = f"from {least} to {most}" if most is not None else f"of at least {least}"

    def check(name: str, value: object) -> int:
        wrong = isinstance(value, bool) or not isinstance(value, int)
        if wrong or value < least or (most is not None and value > most):
            raise SettingsError(f"{name} must be a whole number {span}, not {value!r}")
        return value

    return check


def flag(name: str, value: object) -> bool:
    """True or False only: "no" or 0 must not silently turn a feature on or off."""
    if not isinstance(value, bool):
        raise SettingsError(
            f"{name} must be True or False, not {value!r} (in pelicanconf.py: {name} = False)"
        )
    return value


def text(name: str, value: object) -> str:
    """A string ("" where the default is worked out)."""
    if not isinstance(value, str):
        raise SettingsError(f"{name} must be a string in quotes, not {value!r}")
    return value


def path(name: str, value: object) -> str:
    """A folder, as a string or a Path ("" where the default is worked out)."""
    if not isinstance(value, str | Path):
        raise SettingsError(f"{name} must be a folder's path in quotes, not {value!r}")
    return str(value)


def day(name: str, value: object) -> str:
    """A date "YYYY-MM-DD" (or a datetime.date), or "" for the build's date."""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise SettingsError(f"{name} must be a date in quotes like '2026-11-23', not {value!r}")
    return value


def widths(name: str, value: object) -> tuple[int, ...]:
    """Pixel widths: a non-empty list or tuple of whole numbers of at least 1."""
    good = isinstance(value, list | tuple) and value
    if not good or not all(type(width) is int and width >= 1 for width in value):
        raise SettingsError(
            f"{name} must be a list of widths in pixels like (480, 960, 1600), not {value!r}"
        )
    return tuple(value)


def given(name: str, value: object) -> object:
    """Set by a task, never by hand: taken as it is."""
    return value


@dataclass(frozen=True)
class Setting:
    """One HOMEROOM_* setting: its name, default, check and one line of documentation."""

    name: str
    default: object
    check: Check
    doc: str
    shown: str = ""  # the README's default, where it is not the literal default


SCHEMA: tuple[Setting, ...] = (
    Setting("HOMEROOM_CLASSES_PATH", "classes", path, "folder of classes, inside PATH"),
    Setting("HOMEROOM_PAGES_PATH", "pages", path, "folder of school pages, inside PATH"),
    Setting("HOMEROOM_FEED_ITEMS", 20, whole(1), "newest entries in each feed"),
    Setting("HOMEROOM_HOME_NEWS", 5, whole(1), "latest posts on a class home"),
    Setting("HOMEROOM_SCHOOL_HOME_NEWS", 8, whole(1), "latest posts on a school home"),
    Setting("HOMEROOM_HOME_EVENTS", 5, whole(1), "upcoming events on class and school homes"),
    Setting("HOMEROOM_NEWSLETTER_WEEKS", 6, whole(1), "weeks of events in a newsletter"),
    Setting("HOMEROOM_ARCHIVE_PAGE_SIZE", 10, whole(1), "posts per page of a news archive"),
    Setting("HOMEROOM_PREVIEW", False, flag, "local preview: drafts shown, portfolios marked"),
    Setting("HOMEROOM_PREVIEW_SITEURL", "http://127.0.0.1:8000", text, "feeds' base in preview"),
    Setting("HOMEROOM_FEED_ID_AUTHORITY", "", text, "domain in feed ids", "`SITEURL`'s host"),
    Setting("HOMEROOM_TRANSLATIONS_PATH", "", path, "gettext catalogs", "`THEME/translations`"),
    Setting("HOMEROOM_WORKERS", 0, whole(0), "processes for Markdown and photos; 0: every core"),
    Setting("HOMEROOM_TODAY", "", day, "'YYYY-MM-DD': upcoming, scheduled", "the build's date"),
    Setting(
        "HOMEROOM_REPOSITORY_VISIBILITY",
        "",
        text,
        "public | private | internal; '': unknown (publishconf.py, from the environment)",
        'environment (`""`)',
    ),
    Setting("HOMEROOM_REQUIRE_VISIBILITY", False, flag, "an unknown visibility fails publish"),
    Setting("HOMEROOM_MARKDOWN_MAX_BYTES", 512 * 1024, whole(1), "a larger Markdown file: error"),
    Setting("HOMEROOM_ATTACHMENT_MAX_BYTES", 10_000_000, whole(1), "a larger attachment: error"),
    Setting("HOMEROOM_REMEMBER_DAYS", 180, whole(1), "days a browser keeps a family page's key"),
    Setting(
        "HOMEROOM_PORTFOLIO_RETENTION_DAYS",
        30,
        whole(0),
        "days a class's portfolios stay online after its year_ends",
    ),
    Setting("HOMEROOM_SITE_MAX_BYTES", 1_000_000_000, whole(1), "publish warns over 80%"),
    Setting("HOMEROOM_SEARCH", True, flag, "a search page per language, indexed (Pagefind)"),
    Setting("HOMEROOM_PHOTO_WIDTHS", (480, 960, 1600), widths, "widths photos are published in"),
    Setting("HOMEROOM_JPEG_QUALITY", 80, whole(1, 95), "JPEG quality of published photos"),
    Setting("HOMEROOM_WEBP_QUALITY", 75, whole(1, 100), "WebP quality of published photos"),
    Setting("HOMEROOM_PHOTO_MAX_BYTES", 30_000_000, whole(1), "a larger photo file: error"),
    Setting("HOMEROOM_PHOTO_MAX_PIXELS", 60_000_000, whole(1), "a photo with more pixels: error"),
    Setting("HOMEROOM_AUDIO_MAX_MINUTES", 20, whole(1), "a longer post recording: error"),
    Setting("HOMEROOM_AUDIO_MAX_BYTES", 200_000_000, whole(1), "a larger recording file: error"),
    Setting("HOMEROOM_VIDEO_MAX_SECONDS", 180, whole(1), "a longer clip: error"),
    Setting("HOMEROOM_VIDEO_MAX_BYTES", 200_000_000, whole(1), "a larger clip file: error"),
    Setting("HOMEROOM_SECRET", "", text, "the site secret (environment)", "environment"),
    Setting("HOMEROOM_FAMILY_KEYS", "", text, "families' passphrases (environment)", "environment"),
    Setting("HOMEROOM_PREVIEW_PORT", "", text, "set by invoke serve on restart", "environment"),
    Setting("HOMEROOM_MEMO", None, given, "set by invoke serve: the preview's memory", "unset"),
)
BY_NAME = {setting.name: setting for setting in SCHEMA}
DEFAULTS = {setting.name: setting.default for setting in SCHEMA}


def setting(settings: Mapping, name: str) -> Any:  # the declared type of that setting
    """One HOMEROOM_* setting's value, its default when not set, or a SettingsError."""
    declared = BY_NAME[name]
    return declared.check(name, settings.get(name, declared.default))


def check_all(settings: Mapping) -> None:
    """Every HOMEROOM_* setting checked, so a wrong one stops before anything is read."""
    for declared in SCHEMA:
        setting(settings, declared.name)


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
    secret: str = ""  # HOMEROOM_SECRET: portfolio addresses and salts
    family_keys: str = ""  # HOMEROOM_FAMILY_KEYS: the YAML, or its file's path
    markdown_max_bytes: int = DEFAULTS["HOMEROOM_MARKDOWN_MAX_BYTES"]
    attachment_max_bytes: int = DEFAULTS["HOMEROOM_ATTACHMENT_MAX_BYTES"]
    search: bool = DEFAULTS["HOMEROOM_SEARCH"]  # search pages and boxes; build/publish index
    # days a class's portfolios stay online after its class.yml's year_ends
    retention_days: int = DEFAULTS["HOMEROOM_PORTFOLIO_RETENTION_DAYS"]
    # What the reading remembers between the preview's rebuilds (HOMEROOM_MEMO's `reading`);
    # a full build's remembers nothing (reading/memory.py)
    reading: "ReadingMemory | None" = None


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


def misspelled(settings: Mapping) -> None:
    """A HOMEROOM_ name that is not a setting but nearly one (HOMEROOM_SERACH): a SettingsError,
    since the setting it meant would silently keep its default."""
    for name, value in settings.items():
        plain = isinstance(value, str | int | float)  # not the build's own context keys
        if name.startswith("HOMEROOM_") and name not in BY_NAME and plain:
            near = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.85)
            if near:
                raise SettingsError(f"{name} is not a setting: did you mean {near[0]}?")


def load_config(settings: Mapping) -> Config:
    """Read Homeroom's settings from Pelican's, with defaults, or raise SettingsError."""
    check_all(settings)
    misspelled(settings)
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    preview_url = setting(settings, "HOMEROOM_PREVIEW_SITEURL").rstrip("/")
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
    return Config(
        content_path=Path(settings.get("PATH") or "content"),
        classes_path=setting(settings, "HOMEROOM_CLASSES_PATH"),
        pages_path=setting(settings, "HOMEROOM_PAGES_PATH"),
        site_name=str(settings.get("SITENAME") or "Homeroom"),
        site_url=site_url,
        absolute_url=absolute,
        default_lang=str(settings.get("DEFAULT_LANG") or "en").lower(),
        timezone=timezone,
        feed_items=setting(settings, "HOMEROOM_FEED_ITEMS"),
        home_news=setting(settings, "HOMEROOM_HOME_NEWS"),
        school_home_news=setting(settings, "HOMEROOM_SCHOOL_HOME_NEWS"),
        home_events=setting(settings, "HOMEROOM_HOME_EVENTS"),
        newsletter_weeks=setting(settings, "HOMEROOM_NEWSLETTER_WEEKS"),
        archive_page_size=setting(settings, "HOMEROOM_ARCHIVE_PAGE_SIZE"),
        preview=setting(settings, "HOMEROOM_PREVIEW"),
        feed_id_authority=setting(settings, "HOMEROOM_FEED_ID_AUTHORITY")
        or urlsplit(absolute).hostname
        or "localhost",
        translations_path=translations_path(settings),
        today=build_date(setting(settings, "HOMEROOM_TODAY"), timezone),
        workers=setting(settings, "HOMEROOM_WORKERS") or os.cpu_count() or 1,
        remember_days=setting(settings, "HOMEROOM_REMEMBER_DAYS"),
        secret=setting(settings, "HOMEROOM_SECRET"),
        family_keys=setting(settings, "HOMEROOM_FAMILY_KEYS"),
        markdown_max_bytes=setting(settings, "HOMEROOM_MARKDOWN_MAX_BYTES"),
        attachment_max_bytes=setting(settings, "HOMEROOM_ATTACHMENT_MAX_BYTES"),
        search=setting(settings, "HOMEROOM_SEARCH"),
        retention_days=setting(settings, "HOMEROOM_PORTFOLIO_RETENTION_DAYS"),
        reading=reading_memory(setting(settings, "HOMEROOM_MEMO")),
    )


def reading_memory(memo) -> "ReadingMemory":
    """What the reading remembers: the preview's (`memo.reading`, HOMEROOM_MEMO), else a full
    build's own, which remembers nothing. Imported here, not at the top: reading/ imports
    this module."""
    from homeroom_school.reading.memory import NoReadingMemory

    return memo.reading if memo is not None else NoReadingMemory()


def translations_path(settings: Mapping) -> Path:
    """HOMEROOM_TRANSLATIONS_PATH, else the theme's translations/ folder."""
    theme = Path(settings.get("THEME") or "themes/homeroom")
    return Path(setting(settings, "HOMEROOM_TRANSLATIONS_PATH") or theme / "translations")


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
