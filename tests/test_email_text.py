"""The plain text of an email (homeroom_newsletter/plaintext.py): its quick reading of our
markup calls the text's handlers exactly as Python's HTMLParser does, on every email edition of
the demo and on markup made to catch a difference, and leaves to HTMLParser what it does not
know."""

import random

import pytest

from homeroom_newsletter import plaintext


def read_by(html: str, quickly: bool):
    """The handlers' record of `html`, read quickly or by HTMLParser (None: not quickly)."""
    text = plaintext._Text()
    if not quickly:
        text.feed(html)
    else:
        try:
            plaintext._read_quickly(text, html)
        except plaintext._Unusual:
            return None
    return text.parts, text.links, text.targets, text.skipping


def test_every_email_edition_of_the_demo_is_read_quickly_as_htmlparser_reads_it(demo_site):
    editions = sorted(demo_site.glob("*/*/newsletter/*/email.html"))
    assert len(editions) > 10
    for path in editions:
        html = path.read_text(encoding="utf-8")
        assert read_by(html, quickly=True) == read_by(html, quickly=False), path
        assert plaintext.html_to_text(html) + "\n" == path.with_suffix(".txt").read_text()


PIECES = [
    "word",
    " ",
    "\n",
    "&amp;",
    "&lt;",
    "&eacute;",
    "&#169;",
    "& ",
    "&",
    "&amp",
    "<p>",
    "</p>",
    "<P>",
    "</P>",
    "<p/>",
    "<TITLE>",
    "</TITLE>",
    "</A>",
    "<a href='https://example.org/z'/>",
    "<br>",
    "<br/>",
    "<br />",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    '<a href="https://example.org/x?a=1&amp;b=2">',
    "<a href='mailto:ana@example.org?subject=Hi'>",
    '<a HREF="https://example.org/y" title="a > b">',
    "<a href=https://example.org/bare>",
    "<a>",
    "</a>",
    '<img alt="a bean &amp; a pot" src="b.png">',
    '<img alt="" src="c.png"/>',
    "<img alt src=d.png>",
    "<title>",
    "</title>",
    "<head>",
    "</head>",
    "<!-- a comment -->",
    "<!--[if mso]><table><tr><td><![endif]-->",
    "<!DOCTYPE html>",
    "<style>p { color: red }</style>",
    "<script>if (a < b) {}</script>",
    "a < b",
    "<3",
    "</ p>",
    "<o:p>",
    "<![CDATA[x]]>",
    "<?xml version='1.0'?>",
    '<span class="x" data-y="1">',
    "</span>",
    "<table>",
    "<tr>",
    "</tr>",
    "</table>",
]


def test_markup_made_to_differ_is_read_as_htmlparser_reads_it():
    """Random markup from pieces our email never holds (unquoted values, "<" in text, raw
    text elements, an entity cut at the end…) and pieces it does: read quickly, the same
    handler calls; or left to HTMLParser, the same text."""
    chance = random.Random(2028)
    quick = 0
    for _ in range(4000):
        html = "".join(chance.choice(PIECES) for _ in range(chance.randint(1, 30)))
        record = read_by(html, quickly=True)
        if record is not None:
            quick += 1
            assert record == read_by(html, quickly=False), repr(html)
    assert 400 < quick < 3600  # both ways were taken, often


@pytest.mark.parametrize(
    "html",
    ["a < b", "<a href=bare>x</a>", "<style>p{}</style>", "tail &amp", "<o:p>x</o:p>"],
)
def test_markup_it_does_not_know_is_left_to_htmlparser(html, monkeypatch):
    assert read_by(html, quickly=True) is None
    written = plaintext.html_to_text(html)

    def unusual(text, markup):
        raise plaintext._Unusual

    monkeypatch.setattr(plaintext, "_read_quickly", unusual)
    assert written == plaintext.html_to_text(html)
