"""Python-Markdown's block step, without testing a block against a processor that cannot take it.

For each block of a text (what lies between blank lines), Python-Markdown asks its 17 block
processors in turn whether they take it: a regular expression or a split of the block each, for
most blocks a paragraph of plain words that only the last one takes (at M, Python-Markdown took
2.6 CPU-seconds on the school's posts with these tests, 2.0 without). Each processor that looks
for a mark (a `#` heading, a `>` quote, a `|` table, a `[` reference…) needs one of a few
characters in the block (NEEDS): a processor whose characters are not in the block is passed
over, as Python-Markdown would after its test said no (or its run gave the block back). Every
other processor (the empty block, indented code and list items, the lists, the paragraph, and
any this module does not know) is asked as before, in Python-Markdown's order: the HTML is the
same, byte for byte (tests/test_plain_text.py).
"""

import markdown
from markdown import blockprocessors
from markdown.blockparser import BlockParser
from markdown.extensions import abbr, def_list, footnotes, md_in_html, tables

# What a block must hold for each processor to take it (its test, or its run, looks for one).
# The list processors are left out: their test is a match at the block's first character,
# quicker than looking for a mark through the whole block.
NEEDS: dict[type, str] = {
    md_in_html.MarkdownInHtmlProcessor: "\x02",  # a stashed HTML block's placeholder
    tables.TableProcessor: "|",
    blockprocessors.HashHeaderProcessor: "#",
    blockprocessors.SetextHeaderProcessor: "=-",
    blockprocessors.HRProcessor: "-_*",
    def_list.DefListProcessor: ":",
    blockprocessors.BlockQuoteProcessor: ">",
    footnotes.FootnoteBlockProcessor: "[",
    abbr.AbbrBlockprocessor: "[",
    blockprocessors.ReferenceProcessor: "[",
}


class PlainBlockParser(BlockParser):
    """BlockParser that asks a processor only about a block holding what it needs."""

    def parseBlocks(self, parent, blocks: list[str]) -> None:
        # a processor of a kind not in NEEDS (a subclass too: it may test otherwise) is asked
        asked = [(processor, NEEDS.get(type(processor))) for processor in self.blockprocessors]
        while blocks:
            for processor, needs in asked:
                block = blocks[0]
                if needs is not None and not any(mark in block for mark in needs):
                    continue  # its test would say no, or its run give the block back
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break


def install(md: markdown.Markdown) -> markdown.Markdown:
    """Put the shortcut in `md`'s block step, if that step is Python-Markdown's own."""
    if type(md.parser) is BlockParser:
        md.parser.__class__ = PlainBlockParser
    return md
