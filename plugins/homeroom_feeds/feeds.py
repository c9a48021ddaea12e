"""Atom (RFC 4287) and RSS 2.0 documents from a list of entries: pure, deterministic."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

from homeroom_school.characters import xml_safe

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "Homeroom"
# A feed with no entry yet still needs an `updated`; this one never varies between builds.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str  # absolute
    published: datetime
    updated: datetime
    lang: str  # the language the text is written in
    summary: str  # plain text
    content: str  # HTML with absolute URLs
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    lang: str
    page_url: str  # absolute URL of the page the feed follows
    atom_url: str
    rss_url: str
    authors: tuple[str, ...]
    entries: list = field(default_factory=list)

    @property
    def updated(self) -> datetime:
        return max((entry.updated for entry in self.entries), default=EPOCH)


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _legal(root: ET.Element) -> None:
    """Every text and attribute without a character XML forbids. Reading refuses them
    (homeroom_school.characters); this is the last guard, whatever reaches a feed."""
    for element in root.iter():
        element.text = xml_safe(element.text) if element.text else element.text
        element.attrib = {name: xml_safe(value) for name, value in element.attrib.items()}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _serialize(root: ET.Element) -> str:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    if xml_safe(body) != body:  # ElementTree writes such a character as it is: rare
        _legal(root)
        body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def atom(feed: Feed) -> str:
    """The feed as Atom 1.0, with every element RFC 4287 requires."""
    ET.register_namespace("", ATOM)
    a = f"{{{ATOM}}}"
    root = ET.Element(f"{a}feed", {XML_LANG: feed.lang})
    _text(root, f"{a}title", feed.title)
    _text(root, f"{a}subtitle", feed.subtitle)
    ET.SubElement(
        root, f"{a}link", {"rel": "alternate", "type": "text/html", "href": feed.page_url}
    )
    ET.SubElement(
        root, f"{a}link", {"rel": "self", "type": "application/atom+xml", "href": feed.atom_url}
    )
    _text(root, f"{a}id", feed.id)
    _text(root, f"{a}updated", _rfc3339(feed.updated))
    for name in feed.authors or ("-",):
        author = ET.SubElement(root, f"{a}author")
        _text(author, f"{a}name", name)
    _text(root, f"{a}generator", GENERATOR)
    for entry in feed.entries:
        element = ET.SubElement(root, f"{a}entry", {XML_LANG: entry.lang})
        _text(element, f"{a}title", entry.title)
        ET.SubElement(
            element, f"{a}link", {"rel": "alternate", "type": "text/html", "href": entry.url}
        )
        _text(element, f"{a}id", entry.id)
        _text(element, f"{a}published", _rfc3339(entry.published))
        _text(element, f"{a}updated", _rfc3339(entry.updated))
        for name in entry.authors:
            author = ET.SubElement(element, f"{a}author")
            _text(author, f"{a}name", name)
        for term in entry.categories:
            ET.SubElement(element, f"{a}category", {"term": term})
        _text(element, f"{a}summary", entry.summary, type="text")
        _text(element, f"{a}content", entry.content, type="html")
    return _serialize(root)


def rss(feed: Feed) -> str:
    """The feed as RSS 2.0: full HTML in each item's description, for RSS-to-email."""
    ET.register_namespace("atom", ATOM)
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.page_url)
    _text(channel, "description", feed.subtitle)
    _text(channel, "language", feed.lang)
    _text(channel, "lastBuildDate", format_datetime(feed.updated.astimezone(UTC), usegmt=True))
    _text(channel, "generator", GENERATOR)
    ET.SubElement(
        channel,
        f"{{{ATOM}}}link",
        {"rel": "self", "type": "application/rss+xml", "href": feed.rss_url},
    )
    for entry in feed.entries:
        item = ET.SubElement(channel, "item")
        _text(item, "title", entry.title)
        _text(item, "link", entry.url)
        _text(item, "description", entry.content)
        _text(item, "guid", entry.id, isPermaLink="false")
        _text(item, "pubDate", format_datetime(entry.published.astimezone(UTC), usegmt=True))
        for term in entry.categories:
            _text(item, "category", term)
    return _serialize(root)
