"""`invoke send`: read the subscribers, the built site and the ledger; send what is new.

The one place that touches the environment, the clock (the ledger's day, a weekly digest's
Monday) and the network; the rest of the package is pure or a thin transport.
"""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from homeroom_school.classes import read_class
from homeroom_school.problems import ContentError

from .events import read_events
from .ledger import LedgerError, load_ledger, subscriber_key
from .messages import Renderer, Site, compose
from .plan import drafts_for, reading_language
from .published import SiteError, read_feed, site_address
from .sending import FolderTransport, Refused, SendError, SmtpTransport, TryLater, smtp_settings
from .subscribers import SETTING, SubscribersError, load_subscribers

DEMO_KEY = "demo-only-ledger-key"


@dataclass
class Tally:
    sent: dict[str, int] = field(default_factory=dict)  # kind -> messages
    families: set[int] = field(default_factory=set)  # positions
    problems: int = 0
    stopped: str = ""  # why the run stopped early (the next run resumes)


def school_classes(content: Path) -> dict:
    """Every class, read from its class.yml (what `invoke send` needs of the content)."""
    found = {}
    for path in sorted((content / "classes").glob("*/class.yml")):
        try:
            found[path.parent.name] = read_class(path.parent.name, path.read_bytes(), str(path))
        except ContentError as error:
            raise SendError(f"{error.problem}; run `invoke check`") from None
    return found


def run_send(
    config,
    theme: Path,
    output: Path,
    ledger_path: Path,
    dry_run: Path | None,
    environ=os.environ,
    say: Callable[[str], None] = print,
    transport=None,
) -> int:
    """Send (or write, in a dry run) every subscriber's new mail; the exit code."""
    github = environ.get("GITHUB_ACTIONS") == "true"

    def problem(text: str) -> None:
        say(f"::error::{text}" if github else f"error: {text}")

    try:
        classes = school_classes(config.content_path)
        languages = {lang for school_class in classes.values() for lang in school_class.languages}
        value = environ.get(SETTING, "")
        subscribers, problems = load_subscribers(value, Path.cwd(), classes, languages)
        for text in problems:
            problem(text)
        secret = environ.get("HOMEROOM_SECRET", "")
        if not secret and not dry_run:
            raise SendError(
                "HOMEROOM_SECRET is not set: the ledger names each family by a keyed hash of "
                "its address, never the address itself; set the same secret as for publish"
            )
        ledger = load_ledger(ledger_path)
        if not subscribers:
            say("No subscribers (HOMEROOM_SUBSCRIBERS is empty): nothing to send.")
            return 1 if problems else 0
        first = next(iter(classes.values()))
        address = site_address(output, first.languages[0], first.id).rstrip("/")
        smtp = None if dry_run else smtp_settings(environ)
        site = Site(
            name=config.site_name,
            address=address,
            timezone=config.timezone,
            sender=smtp.sender if smtp else "news@school.invalid",
            authority=urlsplit(address).hostname or "localhost",
        )
        renderer = Renderer(theme, config.translations_path, site)
        if transport is None:
            transport = FolderTransport(dry_run) if dry_run else SmtpTransport(smtp)
        tally = Tally(problems=len(problems))
        feeds = {}
        try:
            for subscriber in subscribers:
                key = subscriber_key(secret or DEMO_KEY, subscriber.email)
                for class_id in subscriber.classes:
                    school_class = classes[class_id]
                    lang = reading_language(subscriber, school_class)
                    if (lang, class_id) not in feeds:
                        feeds[(lang, class_id)] = (
                            read_feed(output, lang, class_id),
                            read_events(output, address, lang, class_id, config.timezone),
                        )
                    feed, events = feeds[(lang, class_id)]
                    event_items = [event.item for event in events]
                    known = [*feed.items, *event_items]  # what the ledger keeps for this class
                    record = ledger.get(key, class_id)
                    if record is not None and not record.events:
                        ledger.adopt_events(key, class_id, event_items, save=not dry_run)
                    drafts = drafts_for(
                        subscriber,
                        key,
                        school_class,
                        feed,
                        events,
                        ledger,
                        renderer,
                        output,
                        config.today,
                    )
                    for draft in drafts:
                        if smtp and sum(tally.sent.values()) >= smtp.max_messages:
                            tally.stopped = f"HOMEROOM_SMTP_MAX_MESSAGES ({smtp.max_messages})"
                            raise TryLater(tally.stopped)
                        catalog = renderer.gettext(draft.lang)
                        message = compose(draft, subscriber.email, key, school_class, site, catalog)
                        name = f"{subscriber.position:03d}-{class_id}-{draft.kind}"
                        try:
                            if smtp and smtp.per_minute and sum(tally.sent.values()):
                                time.sleep(60 / smtp.per_minute)
                            transport.send(message, name)
                        except Refused as error:
                            tally.problems += 1
                            problem(
                                f"{subscriber.where} ({subscriber.masked}), {class_id}: the "
                                f"server refused the {draft.kind} message ({error}); check "
                                "this family's address"
                            )
                            break  # this class's later messages wait for the next run
                        if not dry_run:
                            ledger.record(
                                key, class_id, draft.items, config.today.isoformat(), known
                            )
                        tally.sent[draft.kind] = tally.sent.get(draft.kind, 0) + 1
                        tally.families.add(subscriber.position)
                        say(
                            f"{'wrote' if dry_run else 'sent'} {draft.kind} of {class_id} "
                            f"({draft.lang}) to {subscriber.where} ({subscriber.masked})"
                        )
        except TryLater as error:
            tally.stopped = str(error)
        finally:
            transport.close()
    except (SubscribersError, LedgerError, SiteError, SendError) as error:
        problem(str(error))
        return 1
    total = sum(tally.sent.values())
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(tally.sent.items()))
    where = f"into {dry_run}/ (nothing sent)" if dry_run else f"to {len(tally.families)} families"
    say(f"{total} message(s) {where}{f': {kinds}' if kinds else ''}.")
    if tally.stopped:
        note = (
            f"stopped early: {tally.stopped}; the ledger has what went out, "
            "the next run sends the rest"
        )
        say(f"::warning::{note}" if github else f"warning: {note}")
    return 1 if tally.problems else 0
