"""Photos in content become photo tokens, published later as resized, stripped derivatives.

An <img> of a photo becomes {hr-photo:id}, a cover {hr-cover:id}, a plain link to a photo
{hr-photo-link:id}; the original file itself is never published. A portfolio photo stays on
its family's page, unless its entry is public and the family consented.
"""

import hashlib
import html
import re
from dataclasses import dataclass

from .links import IMG_TAG, img_attributes, is_photo, token
from .model import Item, PhotoUse, Student, Version
from .problems import Problem
from .resolving import MEDIA_TOKEN, SourceLines, changed


@dataclass(frozen=True)
class Photos:
    """Items with their photos as tokens, each photo's use, and the media left to copy."""

    items: dict[str, Item]
    photos: dict[str, PhotoUse]  # by photo id, sorted
    media: dict[str, str]  # what is not a photo: published path -> path in content/
    problems: list[Problem]


def extract_photos(
    items: dict[str, Item],
    media_files: dict[str, str],
    students: dict[str, Student],
    lines: SourceLines,
) -> Photos:
    """Every media token of a photo, and every cover, as a photo token; the rest unchanged."""
    photos: dict[str, PhotoUse] = {}
    problems: list[Problem] = []
    sources = dict(media_files)

    def use(item: Item, source: str, alt: str, version: Version, written: str) -> str:
        private, refused = private_photo(item, version, students, lines)
        if refused:
            problems.append(refused)
        key = photo_id(source, alt, private)
        if key not in photos:
            line = lines.find(version.source, written)
            photos[key] = PhotoUse(source, alt, version.source, line, private)
        return key

    def from_img(item: Item, version: Version):
        def replace_img(match: re.Match) -> str:
            attributes = img_attributes(match.group(0))
            media_token = MEDIA_TOKEN.fullmatch(attributes.get("src", ""))
            if not media_token or not is_photo(sources[media_token.group(1)]):
                return match.group(0)
            source = sources[media_token.group(1)]
            alt = html.unescape(attributes.get("alt", "")).strip()
            written = source.rsplit("/", 1)[-1]
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
            return token("photo", use(item, source, alt, version, written))

        return replace_img

    def from_link(item: Item, version: Version):
        def replace_link(match: re.Match) -> str:
            source = sources[match.group(1)]
            if not is_photo(source):
                return match.group(0)
            written = source.rsplit("/", 1)[-1]
            return token("photo-link", use(item, source, "", version, written))

        return replace_link

    with_tokens = {}
    for key, item in items.items():
        versions = {}
        for lang, version in item.versions.items():
            body = IMG_TAG.sub(from_img(item, version), version.body)
            body = MEDIA_TOKEN.sub(from_link(item, version), body)
            cover = None
            if version.image:
                media_token = MEDIA_TOKEN.fullmatch(version.image)
                if media_token and is_photo(sources[media_token.group(1)]):
                    source = sources[media_token.group(1)]
                    cover = token("cover", use(item, source, version.image_alt, version, "Image:"))
                elif media_token:
                    problems.append(
                        Problem(
                            version.source,
                            lines.find(version.source, "Image:"),
                            "has an Image that is not a photo; use a JPEG, PNG, WebP or GIF",
                        )
                    )
            versions[lang] = changed(version, body=body, image=cover)
        with_tokens[key] = changed(item, versions=versions)
    others = {published: source for published, source in sources.items() if not is_photo(source)}
    return Photos(with_tokens, dict(sorted(photos.items())), others, problems)


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
