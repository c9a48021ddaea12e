"""Python-Markdown's inline step, without trying fifteen patterns on text that has none.

Python-Markdown tries every inline pattern (code, escapes, footnotes, links, images, autolinks,
line breaks, HTML, entities, emphasis) on every paragraph, heading and list item, one regular
expression and a few Python calls each: a tenth of reading a school, mostly on paragraphs of
plain words. Each of those patterns begins with one of a few characters (STARTS); a text with
none of them is one that no pattern can change, so it is left as it is at once. Any other
text goes through Python-Markdown's own loop, unchanged: the HTML is the same, byte for byte.

The shortcut holds for the patterns it knows (PATTERNS). Should a Python-Markdown upgrade or
another extension bring one more, `install` leaves Python-Markdown's own step in place.
"""

import re

import markdown
from markdown.treeprocessors import InlineProcessor

# What each pattern of Python-Markdown 3.x with `extra` and `sane_lists` needs in the text:
# ` code, \ escape, [ footnote, link and reference (and ![ image), < autolink, e-mail and
# HTML, two spaces before a line end, & entity, * and _ emphasis.
PATTERNS = frozenset(
    {
        "backtick",
        "escape",
        "footnote",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "em_strong",
    }
)
STARTS = re.compile(r"[`\\\[<&*_]|  \n")
INLINE_PRIORITY = 20  # where Python-Markdown puts its inline step (build_treeprocessors)


class PlainTextInline(InlineProcessor):
    """InlineProcessor that leaves a text with nothing any pattern starts with as it is."""

    # InlineProcessor's private __handleInline, by its mangled name: run() and every nested
    # text call it, and it is where the patterns are tried one by one
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if STARTS.search(data) is None:
            return data  # what every pattern would have left
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


def install(md: markdown.Markdown) -> markdown.Markdown:
    """Put the shortcut in `md`'s inline step, if every inline pattern of `md` is known (and
    the step is Python-Markdown's own)."""
    patterns = md.inlinePatterns
    if sum(name in patterns for name in PATTERNS) != len(patterns):
        return md
    if "inline" in md.treeprocessors and type(md.treeprocessors["inline"]) is InlineProcessor:
        md.treeprocessors.register(PlainTextInline(md), "inline", INLINE_PRIORITY)
    return md
