"""What a built site holds for a class's readers: its feed entries, read back from the output.

"New" is decided from the site `invoke publish` wrote, not from the sources: an entry is its
class feed's Atom entry, whose id never changes when the post is edited or translated
(homeroom_feeds), and a monthly newsletter is there only once its month is over.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from homeroom_school import urls

from .ledger import item_id

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class SiteError(ValueError):
    """The output folder is not a site `invoke publish` wrote."""


@dataclass(frozen=True)
class Entry:
    id: str
    item: str  # language-free, what the ledger records
    title: str
    url: str
    published: datetime
    updated: datetime
    content: str  # HTML with absolute addresses, the "not yet translated" note included
    summary: str
    lang: str  # the language the text is written in (the original, where not yet translated)

    @property
    def month(self) -> str | None:
        """YYYY-MM when the entry is a monthly newsletter."""
        parts = self.item.split("/")
        return parts[-1] if len(parts) >= 3 and parts[-2] == "newsletter" else None


@dataclass(frozen=True)
class ClassFeed:
    class_id: str
    lang: str
    updated: datetime
    entries: tuple[Entry, ...]  # newest first

    @property
    def items(self) -> list[str]:
        return [entry.item for entry in self.entries]


def _when(text: str | None) -> datetime:
    return datetime.fromisoformat((text or "2000-01-01T00:00:00Z").replace("Z", "+00:00"))


def _feed_root(output: Path, lang: str, class_id: str) -> ET.Element:
    """The class feed's root element, or a SiteError naming the file and what is wrong."""
    name = urls.class_feed(lang, class_id, "atom")
    try:
        return ET.parse(output / name).getroot()
    except OSError:
        raise SiteError(
            f"{output.name}/ has no readable {name}: run `invoke publish` first, then "
            "`invoke send --output` that folder"
        ) from None
    except ET.ParseError as error:
        line = error.position[0] if error.position else None
        where = f" (line {line})" if line else ""
        raise SiteError(
            f"{output.name}/{name} is not well-formed XML{where}, so nothing of {class_id} in "
            f"{lang} was sent: run `invoke check`, fix what it names, and `invoke publish` again"
        ) from None


def read_feed(output: Path, lang: str, class_id: str) -> ClassFeed:
    """The class feed in `lang`, as `invoke publish` wrote it into `output`."""
    root = _feed_root(output, lang, class_id)
    entries = []
    for element in root.iter(f"{A}entry"):
        link = element.find(f"{A}link")
        entry_id = element.findtext(f"{A}id", "")
        entries.append(
            Entry(
                id=entry_id,
                item=item_id(entry_id),
                title=element.findtext(f"{A}title", ""),
                url=link.get("href", "") if link is not None else "",
                published=_when(element.findtext(f"{A}published")),
                updated=_when(element.findtext(f"{A}updated")),
                content=element.findtext(f"{A}content", ""),
                summary=element.findtext(f"{A}summary", ""),
                lang=element.get(XML_LANG, lang),
            )
        )
    return ClassFeed(class_id, lang, _when(root.findtext(f"{A}updated")), tuple(entries))


def site_address(output: Path, lang: str, class_id: str) -> str:
    """The site's absolute address, from the class feed's self link."""
    root = _feed_root(output, lang, class_id)
    for link in root.findall(f"{A}link"):
        if link.get("rel") == "self":
            return link.get("href", "").removesuffix(urls.class_feed(lang, class_id, "atom"))
    raise SiteError(f"{output.name}/: the class feed has no self link")


def site_items(output: Path, lang: str, class_id: str) -> set[str]:
    """The language-free ids of the class's posts, newsletters and events whose page is on
    the site: what a ledger keeps known (a post leaves when deleted, drafted or renamed)."""
    found = set()
    for kind, folder in (
        ("news", urls.news_archive(lang, class_id)),
        ("newsletter", urls.newsletter_archive(lang, class_id)),
        ("events", urls.events_archive(lang, class_id)),
    ):
        base = output / folder
        if base.is_dir():
            found |= {
                f"{class_id}/{kind}/{page.name}"
                for page in base.iterdir()
                if (page / "index.html").is_file()
            }
    return found


def newsletter_edition(output: Path, lang: str, class_id: str, month: str) -> tuple[str, str]:
    """The email edition (HTML, plain text) the build wrote for a month."""
    html = output / urls.newsletter_email(lang, class_id, month, "html")
    text = output / urls.newsletter_email(lang, class_id, month, "txt")
    try:
        return html.read_text(encoding="utf-8"), text.read_text(encoding="utf-8")
    except OSError:
        raise SiteError(
            f"{output.name}/ has no {urls.newsletter_email(lang, class_id, month)}: "
            "run `invoke publish` again"
        ) from None
