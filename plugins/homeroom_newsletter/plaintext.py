"""Plain text from our own content HTML: paragraphs, lists and links kept readable.

A link's address follows its text in brackets, once: not when the text already names it
(`https://…/es/sala-4/`, or "Unsubscribe (an email to park@…)" written out by the template).

Our email HTML is read by one regular expression (`_read_quickly`), in a third of the time
Python's HTMLParser takes, with the same calls of the same handlers: it knows only the plain
markup our templates and the sanitizer write (quoted attributes, no <script> or <style>, no
stray "<"), and anything else is read by HTMLParser itself.
"""

import re
from html import unescape
from html.parser import HTMLParser

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote"}


SKIPPED = {"head", "title", "style", "script"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.targets: list[str] = []  # each link's address, for a marker in parts
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(attributes.get("href") or "")
        elif tag == "img" and attributes.get("alt"):
            self.parts.append(f"[{attributes['alt']}]")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href.startswith(("http://", "https://", "mailto:")):
                # a booking link's subject and body are for the mail app: the address is enough
                self.targets.append(href.removeprefix("mailto:").split("?")[0])
                self.parts.append(f"\x00{len(self.targets) - 1}\x00")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.skipping:
            return
        if not data.strip():
            self.parts.append(" " if data else "")
            return
        # "Class page: <a>…": the space between the words and the link is kept
        lead = " " if data[0].isspace() else ""
        trail = " " if data[-1].isspace() else ""
        self.parts.append(f"{lead}{' '.join(data.split())}{trail}")


# A comment, the doctype, an end tag, or a start tag whose attributes are all quoted or bare.
MARKUP = re.compile(
    r"<(?:!--.*?--\s*>|![dD][oO][cC][tT][yY][pP][eE][^>]*>"
    r"|/([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"
    r"|([a-zA-Z][-a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)"
    r"\s*(/?)>)",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
WITH_ATTRIBUTES = {"a", "img"}  # the only tags whose attributes _Text reads
CONTENT_ELEMENTS = {"script", "style"}  # raw text inside: HTMLParser's to read
AMPERSAND_END = re.compile(r"[\s;]")


class _Unusual(Exception):
    """Markup the quick reading does not know: HTMLParser reads the whole text instead."""


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """As HTMLParser gives them: names in lower case, values unquoted and unescaped (None for
    a bare attribute)."""
    pairs = []
    for found in ATTRIBUTE.finditer(text):
        name, double, single = found.groups()
        value = double if double is not None else single
        pairs.append((name.lower(), unescape(value) if value else value))
    return pairs


def _read_quickly(parser: "_Text", html: str) -> None:
    """Call `parser`'s handlers as HTMLParser.feed(html) would, or raise _Unusual."""
    at = 0
    for found in MARKUP.finditer(html):
        if found.start() > at:
            data = html[at : found.start()]
            if "<" in data:
                raise _Unusual
            parser.handle_data(unescape(data))
        at = found.end()
        ended, started, attributes, closed = found.groups()
        if ended:
            parser.handle_endtag(ended.lower())
        elif started:
            tag = started.lower()
            if tag in CONTENT_ELEMENTS:
                raise _Unusual
            parser.handle_starttag(tag, _attributes(attributes) if tag in WITH_ATTRIBUTES else [])
            if closed:
                parser.handle_endtag(tag)
    rest = html[at:]
    if "<" in rest:
        raise _Unusual
    ampersand = rest.rfind("&", max(0, len(rest) - 34))
    if ampersand >= 0 and not AMPERSAND_END.search(rest, ampersand):
        raise _Unusual  # HTMLParser would keep it back, waiting for the rest of an entity
    if rest:
        parser.handle_data(unescape(rest))


MARKER = re.compile(r"\x00(\d+)\x00")


# What may stand right before and right after an address written out as a word of its own
BEFORE_WORD = "("
AFTER_WORD = ").,;:!?"


def _named(text: str, target: str) -> bool:
    """Whether the text already holds the address as a word of its own: after a space, a
    "(" or the start, and before a space, one of ).,;:!? or the end. Plain `str.find`, not a
    regular expression made for each address: compiling one per link was most of the time
    a newsletter's plain text took."""
    at = text.find(target)
    while at >= 0:
        end = at + len(target)
        before = at == 0 or text[at - 1].isspace() or text[at - 1] in BEFORE_WORD
        after = end == len(text) or text[end].isspace() or text[end] in AFTER_WORD
        if before and after:
            return True
        at = text.find(target, at + 1)
    return False


def html_to_text(html: str) -> str:
    parser = _Text()
    try:
        _read_quickly(parser, html)
    except _Unusual:
        parser = _Text()
        parser.feed(html)
    marked = "".join(parser.parts)
    said = MARKER.sub("", marked)
    marked = MARKER.sub(
        lambda found: (
            "" if _named(said, target := parser.targets[int(found[1])]) else f" ({target})"
        ),
        marked,
    )
    lines = [line.strip() for line in marked.split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
