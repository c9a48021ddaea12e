"""Booking by reply: `mailto:` (RFC 6068) and `sms:` (RFC 5724) links, pure.

Every character outside the unreserved set is percent-encoded as UTF-8, so a subject in
Arabic or Chinese reaches the mail or messages app as written; the lines of a body are joined
with CRLF (`%0D%0A`), as RFC 6068 asks. Text may come from a template's gettext, where
autoescaping made it markup (a title's `&` as `&amp;`): it is unescaped back to plain text.
"""

from urllib.parse import quote


def plain(text) -> str:
    """Text as the reader typed it: markup (from an autoescaping template) unescaped."""
    unescape = getattr(text, "unescape", None)
    return str(unescape() if unescape else text)


def _encoded(text) -> str:
    return quote(plain(text), safe="")


def mailto(address: str, subject, body=()) -> str:
    """A mailto: link to one address with a subject and a body of lines (may be empty)."""
    text = "\r\n".join(plain(line) for line in body)
    query = f"subject={_encoded(subject)}" + (f"&body={_encoded(text)}" if text else "")
    return f"mailto:{quote(address, safe='@')}?{query}"


def sms(number: str, body) -> str:
    """An sms: link to one number (`+` and digits) with the message prefilled."""
    return f"sms:{quote(number, safe='+')}?body={_encoded(body)}"
