"""Links inside content: resolved once after reading, localized for each page that shows them."""

import re
from urllib.parse import unquote

from homeroom_school.model import Item, School
from homeroom_school.urls import event_page, news_post, newsletter, school_page

REF = re.compile(r"\{hr-ref:([^}]*)\}")
LOCAL = re.compile(r"\{hr-(item|place|media|attachment|photo|cover|photo-link|clip):([^}]*)\}")
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif"}  # HEIC: iPhones
CLIP_SUFFIXES = {".mov", ".mp4", ".m4v", ".3gp", ".webm"}  # a phone's short videos
MEDIA_SUFFIXES = PHOTO_SUFFIXES | CLIP_SUFFIXES | {".pdf"}
IMG_TAG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def token(kind: str, value: str) -> str:
    """A placeholder in content HTML, resolved later: {hr-<kind>:<value>}."""
    return "{hr-" + kind + ":" + value + "}"


def item_url(item: Item, lang: str, languages: tuple[str, ...]) -> str:
    """The item's page in `lang`, or in its original language where `lang` is not offered."""
    shown = lang if lang in languages else item.original_lang
    if item.kind == "page":
        return school_page(shown, item.slug)
    if item.kind == "event":
        return event_page(shown, item.class_id, item.slug)
    if item.kind == "note":
        return newsletter(shown, item.class_id, item.slug)
    return news_post(shown, item.class_id, item.slug)


def localize(
    html: str, school: School, lang: str, root: str, photo=None, attachment=None, clip=None
) -> str:
    """Turn link tokens into URLs for a reader of `lang` on a page whose site root is `root`.

    `photo(kind, use, prefix)` renders a photo token ("photo", "cover" or "photo-link");
    without it, photos are left out. `attachment(source, prefix)` gives the address of a file
    that a portfolio entry links (inlined into its page, never a file of the site); without it,
    the link leads nowhere. `clip(use, lang, prefix)` renders a clip token (a <video>);
    without it, clips are left out (an email or a feed plays no video).
    """
    prefix = f"{root}/" if root else ""

    def replace(match: re.Match) -> str:
        kind, value = match.groups()
        if kind == "media":
            return prefix + value
        if kind == "attachment":
            return attachment(unquote(value), prefix) if attachment else "#"
        if kind in ("photo", "cover", "photo-link"):
            return photo(kind, school.photos[value], prefix) if photo else ""
        if kind == "clip":
            return clip(school.clips[value], lang, prefix) if clip else ""
        if kind == "place":
            return prefix + place_url(value, lang, place_languages(value, school)) or "./"
        item = school.items[value]
        return prefix + item_url(item, lang, school.languages_of(item))

    return LOCAL.sub(replace, html)


def place_languages(url: str, school: School) -> tuple[str, ...]:
    """The languages a home, list, feed or calendar is in: its class's, or the site's (the
    root, written once, has none to choose from)."""
    parts = url.split("/")
    if not url:
        return ()
    if len(parts) > 2 and parts[1] in school.classes:
        return school.classes[parts[1]].languages
    return tuple(school.languages)


def place_url(url: str, lang: str, languages: tuple[str, ...]) -> str:
    """A place's URL for a reader of `lang`: in that language where it is offered, else as
    it was written."""
    if lang not in languages:
        return url
    return f"{lang}/{url.split('/', 1)[1]}"


def line_of(text: str, needle: str) -> int | None:
    """The first line of `text` that contains `needle` (1-based), for messages."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    return None


def resolve_refs(html: str, resolve) -> str:
    """Replace every {hr-ref:path} token by what `resolve(path)` makes of it."""
    return REF.sub(lambda match: resolve(unquote(match.group(1))), html)


def is_photo(path: str) -> bool:
    return "." in path and path[path.rindex(".") :].lower() in PHOTO_SUFFIXES


def is_clip(path: str) -> bool:
    return "." in path and path[path.rindex(".") :].lower() in CLIP_SUFFIXES


def img_attributes(tag: str) -> dict[str, str]:
    """The attributes of a sanitized <img> tag (nh3 writes them all as name="value")."""
    return dict(ATTRIBUTE.findall(tag))


def is_media(path: str) -> bool:
    return "." in path and path[path.rindex(".") :].lower() in MEDIA_SUFFIXES
