"""The shortcuts of the inline step (homeroom_school/reading/plain_text.py) and the block step
(plain_blocks.py) for plain text: the same HTML as Python-Markdown's own steps on every
construct, on the demo school and on texts made to catch a pattern or a block the shortcuts
would miss; and left out where a pattern or a processor they do not know is there."""

import random
from pathlib import Path
from xml.etree import ElementTree

import markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor

from homeroom_school.reading import plain_blocks, plain_text
from homeroom_school.reading.front_matter import MARKDOWN_EXTENSIONS, new_markdown

ROOT = Path(__file__).resolve().parent.parent

CONSTRUCTS = [
    "Plain words only, in one paragraph.",
    "A line that ends in two spaces  \nthen the next line.",
    "A line that ends in one space \nthen the next.",
    "Some `code` and ``double `tick` code``, and a lone ` backtick.",
    "Escapes: \\*not em\\*, \\_not\\_, \\[not a link\\], \\\\ a backslash.",
    "A [link](https://example.org/a), a [reference][r], a [short] one.\n\n[r]: /r\n[short]: /s",
    "An image ![a bean](bean.jpg) and ![ref image][img].\n\n[img]: bean.png",
    "A footnote[^1] here.\n\n[^1]: The note, with *emphasis*.",
    "An autolink <https://example.org/x> and mail <ana@example.org>.",
    "Inline <b>HTML</b> and <span>span</span>, a comment <!-- here -->, and 3 < 4 > 2.",
    "Entities: &amp; &copy; &#169; &#xA9; and a bare & ampersand.",
    "*em* _em_ **strong** __strong__ ***both*** ___both___ and snake_case_words.",
    "Not emphasis: 2 * 3 * 4 and a _ alone.",
    "# A heading with *em*\n\nText.\n\n## Plain heading\n\nMore plain text.",
    "- one\n- two with **bold**\n- three plain\n\n1. first\n2. second",
    "Term\n:   Its definition, plain.\n\nOther\n:   With `code`.",
    "| a | b |\n|---|---|\n| plain | *em* |",
    "*[HTML]: Hyper Text Markup Language\n\nHTML is plain here.",
    "A paragraph {: .note }\n\n## Heading {: #id }",
    "```\nfenced *code* stays\n```\n\nAfter plain.",
    '<div markdown="1">Inside *html* block</div>\n\nplain after',
    "> A quote, plain.\n>\n> And *one* with emphasis.",
    "Tabs\tand\tspaces, unicode: café, مرحبا, 日本語, and emoji 🌱.",
    "Trailing backslash at the end \\",
    "Brackets only ] and ) and ( here, and ! alone.",
    "Title\n=====\n\nSub\n---\n\nText\n\n***\n\n- - -\n\n___",
    "    indented code\n    more\n\nplain\n\n- item\n\n    indented in the item",
    "1. one\n\n    still one\n2. two\n\n* a\n+ b\n- c",
    "Term\n: one\n: two\n\n    : indented",
    "> quote\n> > nested\n\nlazy\n> again",
    "[^n]: a note\n    continued\n\n*[ABBR]: An abbreviation\n[ref]: /x 'T'",
    "a | b\n--|--\n1 | 2\n\n| one |\n|-----|\n| 1 |",
    '<div markdown="1">\n# In *html*\n\n- item\n</div>\n\n<p>raw</p>',
]


def plain_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


def test_the_build_reads_markdown_with_the_shortcuts_in_python_markdowns_order():
    ours, theirs = new_markdown(), plain_markdown()
    assert type(ours.parser) is plain_blocks.PlainBlockParser
    assert [type(p) for p in ours.parser.blockprocessors] == [
        type(p) for p in theirs.parser.blockprocessors
    ]
    assert type(ours.treeprocessors["inline"]) is plain_text.PlainTextInline
    order = [type(step) for step in theirs.treeprocessors]
    assert [type(step) for step in ours.treeprocessors] == [
        plain_text.PlainTextInline if kind is InlineProcessor else kind for kind in order
    ]


def test_every_construct_gives_python_markdowns_html():
    ours, theirs = new_markdown(), plain_markdown()
    for text in CONSTRUCTS:
        assert ours.reset().convert(text) == theirs.reset().convert(text), text


def test_every_file_of_the_demo_school_gives_python_markdowns_html():
    ours, theirs = new_markdown(), plain_markdown()
    files = sorted((ROOT / "content").rglob("*.md"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert ours.reset().convert(text) == theirs.reset().convert(text), path


def test_texts_made_of_every_pattern_character_give_python_markdowns_html():
    """Random texts from words and every character a pattern can start with, and some that
    none can: a character the shortcut forgot would show as a difference."""
    pieces = ["word", " ", "  \n", "\n", "\n\n", "`", "\\", "[", "]", "(", ")", "!", "<", ">"]
    pieces += ["&", ";", "*", "_", "#", "-", "1.", ":", "^", "@", "http://x.org", "'", '"', "~"]
    pieces += ["=", "+", "|", "{", "}", "é", "\t", "amp", "a@b.c"]
    ours, theirs = new_markdown(), plain_markdown()
    chance = random.Random(2026)
    for _ in range(3000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(1, 40)))
        assert ours.reset().convert(text) == theirs.reset().convert(text), repr(text)


def test_texts_made_of_every_block_mark_give_python_markdowns_html():
    """Random texts of lines that begin (or hold) what a block processor looks for, between
    single and blank lines: a mark the block shortcut forgot would show as a difference."""
    starts = ["", "", "    ", "\t", "  ", "# ", "## ", "> ", ">", "- ", "* ", "+ ", "1. ", "2) "]
    starts += [": ", ":   ", "| ", "|", "[^1]: ", "*[W]: ", "[r]: ", "=== ", "--- ", "***", "___"]
    starts += ['<div markdown="1">', "</div>", "<p>", "```", "~~~", "[", "#"]
    words = ["word", "two words", "a | b", "x:y", "*em*", "[r]", "[^1]", "W", "#tag", "-", "="]
    ours, theirs = new_markdown(), plain_markdown()
    chance = random.Random(2027)
    for _ in range(3000):
        lines = [
            chance.choice(starts)
            + " ".join(chance.choice(words) for _ in range(chance.randint(0, 3)))
            for _ in range(chance.randint(1, 8))
        ]
        text = "".join(line + chance.choice(["\n", "\n", "\n\n"]) for line in lines)
        assert ours.reset().convert(text) == theirs.reset().convert(text), repr(text)


def test_a_block_processor_it_does_not_know_is_asked_about_every_block():
    class Aside(BlockQuoteProcessor):  # a subclass: it may take what its parent would not
        def test(self, parent, block):
            return block.startswith("!")

        def run(self, parent, blocks):
            aside = ElementTree.SubElement(parent, "aside")
            aside.text = blocks.pop(0)[1:].strip()

    class Asides(markdown.Extension):
        def extendMarkdown(self, md):
            md.parser.blockprocessors.register(Aside(md.parser), "aside", 95)

    md = plain_blocks.install(markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, Asides()]))
    assert type(md.parser) is plain_blocks.PlainBlockParser
    assert md.convert("! no quote mark here") == "<aside>no quote mark here</aside>"


def test_a_pattern_it_does_not_know_keeps_python_markdowns_own_step():
    class Strike(markdown.Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "del", 5)

    md = plain_text.install(markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, Strike()]))
    assert type(md.treeprocessors["inline"]) is InlineProcessor
    assert md.convert("plain ~~gone~~ words") == "<p>plain <del>gone</del> words</p>"
