"""Replies by email and text: every `mailto:` (RFC 6068) and `sms:` (RFC 5724) link, pure.

The site's pages, its email editions and the mail `invoke send` writes make their links here
and nowhere else, to one plain address (`plain_address`, checked when class.yml is read) or
one number. Each part is percent-encoded as UTF-8, so a subject in Arabic or Chinese reaches
the mail or messages app as written and no text can add a recipient or a header (`?`, `&`,
`,` are encoded); the lines of a body are joined with CRLF (`%0D%0A`), as RFC 6068 asks. Text
may come from a template's gettext, where autoescaping made it markup (a title's `&` as
`&amp;`): it is unescaped back to plain text.
"""

import re
from urllib.parse import quote

# One plain address: an ASCII local part (letters, digits, and . _ + ' - inside it), then a
# domain. No display name, no list, no query, no encoded word: nothing a client reads as more.
ADDRESS = re.compile(r"(?P<local>[A-Za-z0-9_+'-]+(?:\.[A-Za-z0-9_+'-]+)*)@(?P<domain>[^@\s]+)")
LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
NUMBER = re.compile(r"\+?[0-9]{4,15}")


def ascii_domain(domain: str) -> str | None:
    """A domain as mail travels with it (IDNA for a non-ASCII one), or None when it is none."""
    try:
        written = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = written.split(".")
    if len(labels) < 2 or not all(LABEL.fullmatch(label) for label in labels):
        return None
    return written


def plain_address(text: str) -> bool:
    """True when `text` is one plain `local@domain` address (see ADDRESS)."""
    match = ADDRESS.fullmatch(text)
    return bool(match) and ascii_domain(match["domain"]) is not None


def plain(text) -> str:
    """Text as the reader typed it: markup (from an autoescaping template) unescaped."""
    unescape = getattr(text, "unescape", None)
    return str(unescape() if unescape else text)


def _encoded(text) -> str:
    return quote(plain(text), safe="")


def mailto(address: str, subject=None, body=()) -> str:
    """A mailto: link to one plain address, with a subject and a body of lines if given."""
    address = plain(address)
    if not plain_address(address):
        raise ValueError(f"a mailto: link goes to one plain address, not {address!r}")
    local, domain = address.rsplit("@", 1)
    query = [f"subject={_encoded(subject)}"] if subject else []
    text = "\r\n".join(plain(line) for line in body)
    query += [f"body={_encoded(text)}"] if text else []
    to = f"{quote(local, safe='')}@{ascii_domain(domain)}"
    return f"mailto:{to}" + (f"?{'&'.join(query)}" if query else "")


def sms(number: str, body) -> str:
    """An sms: link to one number (`+` and digits) with the message prefilled."""
    number = plain(number)
    if not NUMBER.fullmatch(number):
        raise ValueError(f"an sms: link goes to one number of `+` and digits, not {number!r}")
    return f"sms:{number}?body={_encoded(body)}"
