"""Read built pages as a browser or a reader does: a page's parts, and overflow on a phone."""

from html.parser import HTMLParser
from pathlib import Path


class Page(HTMLParser):
    """What a test needs from an HTML file: links, head links, lang attributes, text."""

    def __init__(self, path: Path):
        super().__init__()
        self.links: list[dict] = []
        self.head_links: list[dict] = []
        self.sources: list[str] = []
        self.html_attrs: dict = {}
        self.lang_of_text: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._langs: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag == "a":
            self.links.append(attrs)
        if tag == "link":
            self.head_links.append(attrs)
        for name in ("src", "href"):
            if name in attrs:
                self.sources.append(attrs[name])
        if "srcset" in attrs:  # "a.webp 480w, b.webp 960w": every candidate must exist
            self.sources += [part.split()[0] for part in attrs["srcset"].split(",")]
        self._langs.append(attrs.get("lang", self._langs[-1] if self._langs else ""))

    def handle_endtag(self, tag):
        if self._langs:
            self._langs.pop()

    def handle_data(self, data):
        if data.strip() and self.lasttag != "title":
            self.text.append(data.strip())
            self.lang_of_text.append((data.strip(), self._langs[-1] if self._langs else ""))

    @property
    def all_text(self) -> str:
        return " ".join(self.text)


# How far the page scrolls sideways, and the elements that stick out (for the message).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const out = [...document.querySelectorAll("body *")]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return !el.matches(".skip") && r.width && (r.right > width + 0.5 || r.left < -0.5);
    })
    .slice(0, 5)
    .map((el) => el.tagName + (el.className ? "." + el.className : "") + " "
                 + (el.textContent || "").trim().slice(0, 40));
  // A marker outside a list item whose direction is not its list's lands on the side where the
  // list has no room for it (off the page in a right-to-left page at a phone's width).
  const markers = [...document.querySelectorAll("li")]
    .filter((li) => { const s = getComputedStyle(li);
                      return s.display === "list-item" && s.listStyleType !== "none"
                        && s.listStylePosition === "outside"
                        && s.direction !== getComputedStyle(li.parentElement).direction; })
    .map((li) => "marker of LI " + li.textContent.trim().slice(0, 40));
  return [document.documentElement.scrollWidth, width, [...markers, ...out]];
}"""
