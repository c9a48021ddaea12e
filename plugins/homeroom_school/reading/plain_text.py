"""Python-Markdown's inline step, without trying a pattern on text it cannot match.

Python-Markdown tries every inline pattern (code, escapes, footnotes, links, images, autolinks,
line breaks, HTML, entities, emphasis) on every paragraph, heading and list item, one regular
expression and a few Python calls each: a fifth of reading a school, mostly spent on patterns
that cannot match. Each pattern begins with one of a few characters (NEEDS): a pattern whose
characters are not in the text is skipped, as Python-Markdown would after finding nothing, and
a text with none of them (most paragraphs of plain words) is left as it is at once. Replacing
a match never adds one of these characters (the match becomes a placeholder of letters and
digits between STX and ETX), so what is absent stays absent. The rest is Python-Markdown's own
loop and its own __applyPattern: the HTML is the same, byte for byte (tests/test_plain_text.py
compares the two on every construct and on random text).

The shortcut holds for the patterns it knows (NEEDS). Should a Python-Markdown upgrade or
another extension bring one more, `install` leaves Python-Markdown's own step in place.
"""

import re

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# What each inline pattern of Python-Markdown 3.x with `extra` and `sane_lists` begins with:
# any of these strings must be in a text for the pattern to match in it.
NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),  # ![
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}
ANY = re.compile("|".join(re.escape(need) for needs in NEEDS.values() for need in needs))
INLINE_PRIORITY = 20  # where Python-Markdown puts its inline step (build_treeprocessors)


class PlainTextInline(InlineProcessor):
    """InlineProcessor that tries a pattern only on text that holds what the pattern needs."""

    def __init__(self, md: markdown.Markdown, needs: list[tuple[str, ...]]):
        super().__init__(md)
        self.needs = needs  # of each inline pattern, in Python-Markdown's order

    # InlineProcessor's private __handleInline, by its mangled name: run() and every nested
    # text call it; its loop, with the patterns that cannot match skipped.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString) or ANY.search(data) is None:
            return data  # what every pattern would have left
        start = 0
        count = len(self.inlinePatterns)
        while patternIndex < count:
            if not any(need in data for need in self.needs[patternIndex]):
                patternIndex += 1  # as after a search that found nothing
                start = 0
                continue
            data, matched, start = self._InlineProcessor__applyPattern(
                self.inlinePatterns[patternIndex], data, patternIndex, start
            )
            if not matched:
                patternIndex += 1
        return data


def install(md: markdown.Markdown) -> markdown.Markdown:
    """Put the shortcut in `md`'s inline step, if every inline pattern of `md` is known (and
    the step is Python-Markdown's own)."""
    patterns = md.inlinePatterns
    if sum(name in patterns for name in NEEDS) != len(patterns):
        return md
    if (
        "inline" not in md.treeprocessors
        or type(md.treeprocessors["inline"]) is not InlineProcessor
    ):
        return md
    order = sorted((name for name in NEEDS if name in patterns), key=patterns.get_index_for_name)
    needs = [NEEDS[name] for name in order]
    md.treeprocessors.register(PlainTextInline(md, needs), "inline", INLINE_PRIORITY)
    return md
