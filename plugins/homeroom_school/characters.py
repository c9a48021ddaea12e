"""Characters no content may hold, named for the teacher, and the filter that keeps XML legal.

Pasted text brings invisible characters: Word's Shift+Enter is a vertical tab (U+000B), some
editors write U+2028 (line separator) or U+0085 (next line). A feed holding one is no longer
XML, a mail header holding a line break is refused, a calendar line holding one is refused:
so each is a problem of its file, on its line, before anything is built from it.
"""

import re
import unicodedata

# Anywhere in a file: C0 controls but tab and line feed (carriage returns are line ends,
# made line feeds on reading), DEL, C1 controls, the Unicode line and paragraph separators,
# and U+FFFE/U+FFFF (no XML document may hold them).
NEVER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# In a one-line value (a title, a name, a contact, any header or class.yml value): those and
# line breaks too. A tab is read as the space it looks like.
NOT_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# What XML 1.0 forbids (its Char production): the last filter before a feed is written.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A numeric character reference (`&#11;`, `&#x2028;`): HTML turns it into the character.
CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
LINE_BREAKS = {"\n", "\r", "\x85", "\u2028", "\u2029"}
NAMES = {
    "\x00": "null",
    "\x08": "backspace",
    "\x0a": "line break",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\ufffe": "not a character",
    "\uffff": "not a character",
}


def named(char: str) -> str:
    """A character as a message names it: `U+000B (vertical tab)`."""
    name = NAMES.get(char) or unicodedata.name(char, "control character").lower()
    return f"U+{ord(char):04X} ({name})"


def fix(char: str, one_line: bool) -> str:
    """What to do about a character, said for a teacher who cannot see it."""
    if char in LINE_BREAKS and one_line:
        return "write the value on one line (a space where the break was)"
    if char in LINE_BREAKS:
        return "replace it with an ordinary line break (Enter), or a space in a header line"
    return (
        "it is invisible, often pasted from a word processor (Shift+Enter): delete it, "
        "retyping the words around it"
    )


def first_never(text: str) -> tuple[int, str] | None:
    """The line (from 1) and character of the first character no file may hold, or None."""
    found = NEVER.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found[0]


def referenced_never(text: str) -> tuple[int, str] | None:
    """The line and character of the first `&#…;` that HTML reads as a character no file may
    hold (`&#11;` is a vertical tab in the page), or None."""
    for found in CHARACTER_REFERENCE.finditer(text):
        number = int(found[1], 16) if found[1] else int(found[2])
        if number < 0x110000 and NEVER.match(chr(number)):
            return text.count("\n", 0, found.start()) + 1, chr(number)
    return None


def one_line_problem(value: str) -> str | None:
    """What is wrong with a one-line value (`holds U+000B (vertical tab); …`), or None."""
    found = NOT_ONE_LINE.search(value)
    if found is None:
        return None
    return f"holds {named(found[0])}; {fix(found[0], one_line=True)}"


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 forbids: whatever reaches a feed, it stays XML."""
    return NOT_XML.sub("", text)
