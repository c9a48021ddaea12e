"""homeroom_sitemap: sitemap.xml with hreflang alternates, and robots.txt.

Signals: `get_generators` adds SitemapGenerator. It lists the pages homeroom_site planned
(context HOMEROOM_PAGES), so the sitemap can never disagree with the site: only pages in
their own language, no drafts, no fallbacks, never a portfolio.
"""

import xml.etree.ElementTree as ET
from datetime import UTC

from pelican import signals
from pelican.generators import Generator

from homeroom_school import config_of, outputs_of

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"

__all__ = ["register", "robots_txt", "sitemap_xml"]


def sitemap_xml(pages, base: str) -> str:
    """A sitemap of the pages marked in_sitemap, each with its hreflang alternates."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in sorted((p for p in pages if p.in_sitemap), key=lambda p: p.url):
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = f"{base}/{page.url}"
        if page.lastmod:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = (
                page.lastmod.astimezone(UTC).date().isoformat()
            )
        for lang, target in page.alternates:
            ET.SubElement(
                url,
                f"{{{XHTML}}}link",
                {"rel": "alternate", "hreflang": lang, "href": f"{base}/{target}"},
            )
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def robots_txt(base: str) -> str:
    """Everything may be indexed but portfolios; the sitemap's absolute address."""
    return f"User-agent: *\nDisallow: /portfolio/\n\nSitemap: {base}/sitemap.xml\n"


class SitemapGenerator(Generator):
    def generate_output(self, writer) -> None:
        from homeroom_site import PAGES_KEY

        base = config_of(self.context).absolute_url
        outputs = outputs_of(self.context)
        pages = [page for page in self.context.get(PAGES_KEY, []) if page.in_sitemap]
        listed = [(page.url, page.lastmod, page.alternates) for page in pages]
        if not outputs.fresh("sitemap.xml", listed):
            self.write(outputs, "sitemap.xml", sitemap_xml(pages, base))
        self.write(outputs, "robots.txt", robots_txt(base))

    def write(self, outputs, name: str, text: str) -> None:
        written = outputs.write(name, text)
        if written:
            signals.content_written.send(str(written), context=self.context)


def get_generators(pelican):
    return SitemapGenerator


def register():
    # get_generators: written in generate_output, after homeroom_site planned its pages.
    signals.get_generators.connect(get_generators)
