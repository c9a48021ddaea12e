"""The messages: a welcome, new posts, a month's newsletter; multipart/alternative, from the
theme's email templates (the layout the newsletter's email edition uses, CSS inlined).

Nothing in a message depends on who reads it beyond their language: the Message-ID comes from
the entries and a keyed hash of the subscriber, and every link is the same for every family
(no pixel, no redirect). The Date is when it is sent (the caller's clock), so it sorts where a
mail program expects it. Every header value is one line: a title or a class name with a line
break or a control character in it never stops a message.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader

from homeroom_i18n import Catalogs, install
from homeroom_newsletter import email_edition
from homeroom_newsletter.plaintext import html_to_text
from homeroom_school import replies, urls
from homeroom_school.languages import name_in
from homeroom_school.replies import mailto

from .published import Entry

# Headers set with `set_raw` are written as they are (List-Unsubscribe: Python would otherwise
# fold a long one into RFC 2047 encoded words, which no mail program reads as a link).
POLICY = policy.default.clone(refold_source="none")
MAX_LINE = 998  # RFC 5322: the longest line a header may have, CRLF excluded


def one_line(text) -> str:
    """A header value on one line: line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) and
    every other control character become a space (one, where several follow each other)."""
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text))
    return re.sub(" {2,}", " ", spaced).strip()


@dataclass(frozen=True)
class Site:
    """What every message of a run shares."""

    name: str  # SITENAME
    address: str  # the published site's absolute address, no trailing slash
    timezone: ZoneInfo
    sender: str  # HOMEROOM_SMTP_FROM, or a placeholder in a dry run
    authority: str  # the Message-IDs' domain: the site's host


class Renderer:
    """The theme's email templates in a Jinja environment of their own, with its catalogs."""

    def __init__(self, theme: Path, translations: Path, site: Site):
        self.site = site
        self.env = Environment(
            loader=FileSystemLoader(str(theme / "templates")),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        install(self.env, translations)
        self.env.globals["urls"] = urls
        # every mailto: and sms: link is made by homeroom_school.replies, as on the site
        self.env.globals.update({"mailto_link": replies.mailto, "sms_link": replies.sms})
        # partials/booking.html's summary asks for an event's open sign-ups: a mailed event is
        # never over (homeroom_mail.plan), so they are the ones its page lists.
        self.env.filters["open_signups"] = lambda event: event.signups
        self.catalogs = Catalogs(translations)

    def gettext(self, lang: str):
        return self.catalogs[lang]

    def render(self, template: str, school_class, lang: str, **values) -> str:
        address = self.site.address
        calendar = f"{address}/{urls.class_calendar(lang, school_class.id)}"
        context = {
            "SITENAME": self.site.name,
            "lang": lang,
            "school_class": school_class,
            "timezone": self.site.timezone,
            "class_url": f"{address}/{urls.class_home(lang, school_class.id)}",
            "calendar_url": calendar,
            "webcal_url": urls.webcal(calendar),
            **values,
        }
        return email_edition(self.env.get_template(template).render(context))

    def welcome(self, school_class, lang: str, weekly: bool) -> tuple[str, str, str]:
        """(subject, HTML, text) of a new subscriber's first message."""
        _ = self.gettext(lang).gettext
        subject = _("Welcome to the news of %(class)s") % {"class": school_class.name_in(lang)}
        html = self.render("welcome_email.html", school_class, lang, subject=subject, weekly=weekly)
        return subject, html, html_to_text(html) + "\n"

    def news(
        self, school_class, lang: str, entries: list[Entry], events=()
    ) -> tuple[str, str, str]:
        """(subject, HTML, text) of new posts (oldest first) and new events (soonest first)."""
        catalog = self.gettext(lang)
        name = school_class.name_in(lang)
        if entries and events:
            subject = catalog.gettext("%(posts)s and %(events)s from %(class)s") % {
                "posts": catalog.ngettext("%(num)d new post", "%(num)d new posts", len(entries))
                % {"num": len(entries)},
                "events": catalog.ngettext("%(num)d event", "%(num)d events", len(events))
                % {"num": len(events)},
                "class": name,
            }
        elif len(events) == 1:
            subject = catalog.gettext("New event from %(class)s: %(title)s") % {
                "class": name,
                "title": events[0].title,
            }
        elif events:
            subject = catalog.ngettext(
                "%(num)d new event from %(class)s", "%(num)d new events from %(class)s", len(events)
            ) % {"num": len(events), "class": name}
        elif len(entries) == 1:
            subject = f"{entries[0].title} · {name}"
        else:
            subject = catalog.ngettext(
                "%(num)d new post from %(class)s", "%(num)d new posts from %(class)s", len(entries)
            ) % {"num": len(entries), "class": name}
        html = self.render(
            "post_email.html", school_class, lang, subject=subject, entries=entries, events=events
        )
        return subject, html, html_to_text(html) + "\n"


def message_id(key: str, class_id: str, kind: str, items: list[str], authority: str) -> str:
    """The same message to the same subscriber always has the same id (a retry is a duplicate
    a mail program can recognize); the id tells nothing about who it was for."""
    seed = "\n".join([key, class_id, kind, *sorted(items)])
    return f"<{hashlib.sha256(seed.encode()).hexdigest()[:32]}@{authority}>"


@dataclass(frozen=True)
class Draft:
    """A message before it has an address: what the ledger records when it is accepted."""

    class_id: str
    kind: str  # welcome | posts (and events) | events | newsletter
    lang: str
    subject: str
    html: str
    text: str
    date: datetime  # from the content: the order a family's messages go in
    items: tuple[str, ...]  # what the subscriber knows once it is accepted


def unsubscribe_header(contact: str, subjects) -> str:
    """List-Unsubscribe's value: `<mailto:…?subject=…>`, all ASCII (the subject
    percent-encoded), on one line: the first of `subjects` that fits in a header line."""
    for subject in subjects:
        value = f"<{mailto(contact, subject)}>"
        if len("List-Unsubscribe: ") + len(value) <= MAX_LINE:
            break
    return value


def compose(
    draft: Draft, to: str, key: str, school_class, site: Site, catalog, sent: datetime
) -> EmailMessage:
    """The message, ready for SMTP: multipart/alternative, plain text first; `sent` is now."""
    contact = one_line(school_class.contact.email)
    message = EmailMessage(policy=POLICY)
    sender_name, sender_address = parseaddr(one_line(site.sender))
    message["From"] = formataddr(
        (one_line(sender_name or site.name), sender_address or one_line(site.sender))
    )
    message["To"] = to
    if contact:
        message["Reply-To"] = contact
    message["Subject"] = one_line(draft.subject)
    message["Date"] = format_datetime(sent.astimezone(site.timezone))
    message["Message-ID"] = message_id(key, draft.class_id, draft.kind, draft.items, site.authority)
    message["Content-Language"] = draft.lang
    message["List-Id"] = f"{school_class.id}.{site.authority}"
    if contact:
        # The class's name in the family's language; a name too long for a header line: its id
        names = (one_line(school_class.name_in(draft.lang)), school_class.id)
        subjects = [catalog.gettext("Unsubscribe: %(class)s") % {"class": n} for n in names]
        message.set_raw("List-Unsubscribe", unsubscribe_header(contact, subjects))
    message["Auto-Submitted"] = "auto-generated"  # no vacation replies to the school
    message.set_content(draft.text)
    message.add_alternative(draft.html, subtype="html")
    return message


def language_note(lang: str, class_lang: str) -> str:
    """For the log: a family whose language the class does not publish reads its first."""
    return f"reads {name_in(class_lang, 'en')} ({lang} is not one of the class's languages)"
