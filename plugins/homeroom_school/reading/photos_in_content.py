"""Photos in content become photo tokens, published later as resized, stripped derivatives.

An <img> of a photo becomes {hr-photo:id}, a cover {hr-cover:id}, a plain link to a photo
{hr-photo-link:id}; the original file itself is never published. Who each photo shows
(`Shows:`, in its title or a cover's header) is checked here (photo_consent.py) and never
published: an <img>'s title goes with the tag, a photo link's that says `Shows:` is removed.
A portfolio photo stays on its family's page, unless its entry is public and the family
consented.
"""

import hashlib
import html
import re
from dataclasses import dataclass, replace
from urllib.parse import unquote

from homeroom_school.links import img_attributes, is_clip, is_photo, token
from homeroom_school.model import Item, PhotoUse, SchoolClass, Student, Version
from homeroom_school.problems import Problem
from homeroom_school.reading.linked_files import SourceLines
from homeroom_school.reading.photo_consent import check_shows, shows_in_title
from homeroom_school.reading.resolving import MEDIA_TOKEN, changed

# An <img>, or an <a> that may link a photo: in the order written, so that the nth use of a
# file is named at the nth line that names it.
ATTACHMENT_TOKEN = re.compile(r"\{hr-attachment:([^}]*)\}")
PHOTO_TAG = re.compile(r"<(?:img|a)\b[^>]*>")
TITLE = re.compile(r'\s+title="[^"]*"')


@dataclass(frozen=True)
class ItemPhotos:
    """An item with its photos as tokens, and each photo's use in it, in order."""

    item: Item
    uses: list[tuple[str, PhotoUse]]  # (photo id, use): the site keeps each id's first use
    problems: list[Problem]


def item_photos(
    item: Item,
    sources: dict[str, str],
    students: dict[str, Student],
    classes: dict[str, SchoolClass],
    lines: SourceLines,
) -> ItemPhotos:
    """Every media token of a photo in `item`, and its cover, as a photo token; the rest
    unchanged. `sources`: the media its links name (published path -> path in content/).
    Who each photo of public content shows is checked (photo_consent.py); a portfolio
    entry's photos are its own child's, checked by private_photo."""
    uses: list[tuple[str, PhotoUse]] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    written_before: dict[tuple[str, str], int] = {}

    def shows(said: str | None, version: Version, written: str, needle: str) -> None:
        """Check whom a photo shows; its line is looked up only for a problem (the nth use
        of the same file in this version is on the nth line that names it)."""
        nth = written_before.get((version.source, needle), 0)
        written_before[(version.source, needle)] = nth + 1
        if item.kind == "entry":
            return
        found = check_shows(
            said, item, version.source, written, needle != written, classes, students
        )
        if found:
            line = lines.find_nth(version.source, needle, nth)
            problems.extend(replace(problem, line=line) for problem in found)

    def use(source: str, alt: str, version: Version, written: str) -> str:
        private, refused = private_photo(item, version, students, lines)
        if refused:
            problems.append(refused)
        key = photo_id(source, alt, private)
        if key not in seen:
            seen.add(key)
            line = lines.find(version.source, written)
            uses.append((key, PhotoUse(source, alt, version.source, line, private)))
        return key

    def from_img(version: Version):
        def replace_img(match: re.Match) -> str:
            attributes = img_attributes(match.group(0))
            attached = ATTACHMENT_TOKEN.fullmatch(attributes.get("src", ""))
            media_token = MEDIA_TOKEN.fullmatch(attributes.get("src", ""))
            source = sources.get(media_token.group(1), "") if media_token else ""
            if attached and is_clip(unquote(attached.group(1))):
                source = unquote(attached.group(1))  # a family's clip: inside its page
            elif not is_photo(source) and not is_clip(source):
                return match.group(0)
            elif is_clip(source) and item.kind == "entry":
                return entry_clip(source, version)
            alt = html.unescape(attributes.get("alt", "")).strip()
            written = source.rsplit("/", 1)[-1]
            said = shows_in_title(html.unescape(attributes.get("title", "")))
            shows(said, version, written, written)  # before the alt text: counts every use
            if not alt:
                problems.append(
                    Problem(
                        version.source,
                        lines.find(version.source, written),
                        f"shows '{written}' without alt text; write what the picture shows "
                        f"between the brackets: ![a fraction wall made of paper strips]({written})",
                    )
                )
                return ""
            kind = "clip" if is_clip(source) else "photo"
            return token(kind, use(source, alt, version, written))

        return replace_img

    def clip_link(source: str, version: Version) -> str:
        """A plain link to a clip: what is published is the clip made for a <video>, and only
        where it is shown; a clear problem, and the link leads nowhere."""
        written = source.rsplit("/", 1)[-1]
        problems.append(
            Problem(
                version.source,
                lines.find(version.source, written),
                f"links to the clip '{written}'; show it instead, with what it shows between "
                f"the brackets: ![children sorting leaves by colour]({written})",
            )
        )
        return "#"

    def entry_clip(source: str, version: Version) -> str:
        """A clip shown in a public portfolio entry: not published there yet (a public
        entry's clip would be a file of the site, a child's image outside their page); a
        clear problem, and the entry builds without it."""
        written = source.rsplit("/", 1)[-1]
        problems.append(
            Problem(
                version.source,
                lines.find(version.source, written),
                f"shows the clip '{written}' in a public portfolio entry; Homeroom plays a "
                "child's clips only on their own page: make the entry family-only (or "
                "link-only), or remove the clip",
            )
        )
        return ""

    def from_anchor(version: Version):
        def read_anchor(match: re.Match) -> str:
            tag = match.group(0)
            attributes = img_attributes(tag)
            media_token = MEDIA_TOKEN.fullmatch(attributes.get("href", ""))
            if not media_token or not is_photo(sources.get(media_token.group(1), "")):
                return tag
            written = sources[media_token.group(1)].rsplit("/", 1)[-1]
            said = shows_in_title(html.unescape(attributes.get("title", "")))
            shows(said, version, written, written)
            return tag if said is None else TITLE.sub("", tag)

        return read_anchor

    def from_tag(version: Version):
        replace_img, read_anchor = from_img(version), from_anchor(version)

        def read_tag(match: re.Match) -> str:
            return (replace_img if match.group(0).startswith("<img") else read_anchor)(match)

        return read_tag

    def from_link(version: Version):
        def replace_link(match: re.Match) -> str:
            source = sources.get(match.group(1), "")
            if is_clip(source):
                return clip_link(source, version)
            if not is_photo(source):
                return match.group(0)
            written = source.rsplit("/", 1)[-1]
            return token("photo-link", use(source, "", version, written))

        return replace_link

    versions = {}
    for lang, version in item.versions.items():
        cover_source = sources.get(cover_key(version), "")
        if is_photo(cover_source):  # the header's `Image:` line comes before the body's
            written_before[(version.source, cover_source.rsplit("/", 1)[-1])] = 1
        body = PHOTO_TAG.sub(from_tag(version), version.body)
        body = MEDIA_TOKEN.sub(from_link(version), body)
        cover = None
        if version.image:
            media_token = MEDIA_TOKEN.fullmatch(version.image)
            if media_token and is_photo(sources.get(media_token.group(1), "")):
                source = sources[media_token.group(1)]
                needle = "Image:" if version.image_shows is None else "Shows:"
                shows(version.image_shows, version, source.rsplit("/", 1)[-1], needle)
                cover = token("cover", use(source, version.image_alt, version, "Image:"))
            elif media_token:
                problems.append(
                    Problem(
                        version.source,
                        lines.find(version.source, "Image:"),
                        "has an Image that is not a photo; use a JPEG, PNG, HEIC, WebP or GIF",
                    )
                )
        versions[lang] = changed(version, body=body, image=cover)
    return ItemPhotos(changed(item, versions=versions), uses, problems)


def cover_key(version: Version) -> str:
    """The media token's key of a version's cover (`Image:`), or '' without one."""
    media_token = MEDIA_TOKEN.fullmatch(version.image or "")
    return media_token.group(1) if media_token else ""


def private_photo(
    item: Item, version: Version, students: dict[str, Student], lines: SourceLines
) -> tuple[bool, Problem | None]:
    """Whether a photo stays on its family's page: a portfolio photo does, unless public with
    consent (a public entry without consent is a problem, and the photo stays private)."""
    if item.kind != "entry":
        return False, None
    if item.visibility != "public":
        return True, None
    student = students[f"{item.class_id}/{item.student}"]
    if student.photo_consent:
        return False, None
    return True, Problem(
        version.source,
        lines.find(version.source, "Visibility:") or 1,
        f"is public and has a photo, but {student.source} has no photo_consent: true; "
        "remove the photo, make the entry family-only, or record the family's consent",
    )


def photo_id(source: str, alt: str, private: bool) -> str:
    """A photo use's id: the same file with the same alt text and privacy is one photo."""
    return hashlib.sha1(f"{source}\0{alt}\0{private}".encode()).hexdigest()[:16]
