"""Plain text from our own content HTML: paragraphs, lists and links kept readable."""

from html.parser import HTMLParser

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote"}


SKIPPED = {"head", "title", "style", "script"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
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
                self.parts.append(f" ({href.removeprefix('mailto:').split('?')[0]})")
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


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
