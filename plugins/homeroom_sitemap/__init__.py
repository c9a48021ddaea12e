"""homeroom_sitemap: sitemap.xml with hreflang alternates, and robots.txt.

Signals: `get_generators` adds SitemapGenerator. It lists the pages homeroom_site planned
(context HOMEROOM_PAGES), so the sitemap can never disagree with the site: only pages in
their own language, no drafts, no fallbacks, never a portfolio.
"""

import itertools
from datetime import UTC
from urllib.parse import urlsplit

from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school import urls

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"

__all__ = ["register", "robots_txt", "sitemap_xml"]


def made_now(name, inputs: tuple, make, *args):
    """A full build's `derive`: nothing is remembered, everything made."""
    return make(*args)


def sitemap_xml(pages, base: str, derive=made_now) -> str:
    """A sitemap of the pages marked in_sitemap, each with its hreflang alternates.

    Written line by line, not as an XML tree: a school of 12,000 posts has 17,000 pages, and
    their tree would cost more memory than anything else in the build at that moment. The
    pages are written folder by folder (`urls.section`), in order; the preview's `derive` (an
    Outputs.derive) keeps a folder's lines while its pages are last build's.
    """
    sections: dict[str, list] = {}
    for page in pages:
        if page.in_sitemap:
            sections.setdefault(page.section, []).append(page)
    parts = []
    for name in sorted(sections):
        listed = sections[name]
        parts.append(derive(("sitemap", name), (listed,), url_lines, listed, base))
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">',
    ]
    return "\n".join(itertools.chain(head, *parts, ["</urlset>"])) + "\n"


def url_lines(pages, base: str) -> list[str]:
    """The <url> elements of these pages, by URL."""
    lines = []
    for page in sorted(pages, key=lambda p: p.url):
        lines += ["  <url>", f"    <loc>{text(f'{base}/{page.url}')}</loc>"]
        if page.lastmod:
            lines.append(
                f"    <lastmod>{page.lastmod.astimezone(UTC).date().isoformat()}</lastmod>"
            )
        lines += [
            f'    <xhtml:link rel="alternate" hreflang="{attribute(lang)}" '
            f'href="{attribute(f"{base}/{target}")}" />'
            for lang, target in page.alternates
        ]
        lines.append("  </url>")
    return lines


def text(value: str) -> str:
    """XML character data."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """An XML attribute value in double quotes."""
    return text(value).replace('"', "&quot;").replace("\n", "&#10;")


def robots_txt(base: str) -> str:
    """Everything may be indexed but portfolios; the sitemap's absolute address.

    Disallow takes a path from the host's root: a site published under a path
    (https://riverside.example/homeroom) keeps its portfolios under /homeroom/portfolio/.
    """
    prefix = urlsplit(base).path.rstrip("/")
    return (
        f"User-agent: *\nDisallow: {prefix}/{urls.portfolios()}\n\n"
        f"Sitemap: {base}/{urls.sitemap()}\n"
    )


class SitemapGenerator(HomeroomGenerator):
    def generate_output(self, writer) -> None:
        base = self.config.absolute_url
        outputs = self.outputs
        pages = self.pages  # sitemap_xml keeps those in_sitemap
        # in the preview, a folder whose pages are last build's keeps its lines, and the
        # file is written only if its bytes changed
        outputs.write(urls.sitemap(), sitemap_xml(pages, base, outputs.derive), self.context)
        outputs.write(urls.robots(), robots_txt(base), self.context)


def get_generators(pelican):
    return SitemapGenerator


def register():
    # get_generators: written in generate_output, after homeroom_site planned its pages.
    signals.get_generators.connect(get_generators)
