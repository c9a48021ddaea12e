"""`invoke send`: read the subscribers, the built site and the ledger; send what is new.

The one place that touches the environment, the clock (the ledger's day, a weekly digest's
Monday, each message's Date) and the network; the rest of the package is pure or a thin
transport. One family's refused address, or one class whose built files cannot be read, is a
problem said once: the others are still mailed, and the run then fails so that the admin sees
it. With no ledger nothing is sent, unless `start` (a first run, or starting over on purpose).
"""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from homeroom_i18n.counts import counted
from homeroom_school.problems import ContentError
from homeroom_school.reading.classes import read_class
from homeroom_school.settings import setting

from .events import read_events
from .ledger import Ledger, LedgerError, load_ledger, subscriber_key
from .messages import Draft, Renderer, Site, compose
from .plan import ClassSite, Planned, archive, plan, reading_language, upgraded
from .published import SiteError, newsletter_edition, read_feed, site_address, site_items
from .sending import FolderTransport, Refused, SendError, SmtpTransport, TryLater, smtp_settings
from .subscribers import SETTING, SubscribersError, load_subscribers

DEMO_KEY = "demo-only-ledger-key"


@dataclass
class Tally:
    sent: dict[str, int] = field(default_factory=dict)  # kind -> messages
    families: set[int] = field(default_factory=set)  # positions
    problems: int = 0
    stopped: str = ""  # why the run stopped early (the next run resumes)


def school_classes(classes: Path) -> tuple[dict, dict[str, str]]:
    """Every class, read from its class.yml (what `invoke send` needs of the content), and
    for each class.yml that cannot be read, what is wrong: only that class's mail waits."""
    found, unreadable = {}, {}
    for path in sorted(classes.glob("*/class.yml")):  # the folder HOMEROOM_CLASSES_PATH names
        try:
            found[path.parent.name] = read_class(path.parent.name, path.read_bytes(), str(path))
        except ContentError as error:
            unreadable[path.parent.name] = (
                f"{error.problem}; run `invoke check`: mail for this class waits, the other "
                "classes' goes"
            )
    return found, unreadable


def first_address(output: Path, classes: dict) -> str:
    """The site's address, from the first class feed that can be read."""
    failure = None
    for school_class in classes.values():
        try:
            return site_address(output, school_class.languages[0], school_class.id).rstrip("/")
        except SiteError as error:
            failure = failure or error
    raise failure or SiteError(f"{output.name}/: the site has no class")


def open_ledger(ledger_path: Path, start: bool, dry_run, say) -> Ledger:
    """The ledger; with none, `--start` begins one (saved at the end of a run that reached
    the server, even if nothing was accepted, so the next run finds it) and a dry run shows
    what `--start` would send."""
    if ledger_path.exists():
        if start:
            say(f"note: --start changes nothing: {ledger_path.name} exists and is used")
        return load_ledger(ledger_path)
    if dry_run and not start:
        say(f"note: no {ledger_path.name}: this dry run shows what `--start` would send")
        return load_ledger(ledger_path, start=True)
    ledger = load_ledger(ledger_path, start=start)
    if not dry_run:
        say(f"Starting {ledger_path.name}: every family gets a welcome, never the archive.")
    return ledger


def annotated(text: str, github: bool, kind: str = "error") -> str:
    """A problem as a line of the log; under GitHub Actions an annotation, one line (%0A)."""
    if not github:
        return f"{kind}: {text}"
    return f"::{kind}::" + text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@dataclass
class Run:
    """One run's state: what it read once, what it sent, what went wrong."""

    config: object
    output: Path
    address: str
    ledger: Ledger
    renderer: Renderer
    site: Site
    transport: object
    smtp: object  # SmtpSettings, or None in a dry run
    dry_run: Path | None
    say: Callable[[str], None]
    github: bool
    tally: Tally = field(default_factory=Tally)
    sites: dict = field(default_factory=dict)  # (lang, class id) -> ClassSite | SiteError

    def problem(self, text: str) -> None:
        self.tally.problems += 1
        self.say(annotated(text, self.github))

    def class_site(self, lang: str, class_id: str) -> ClassSite | None:
        """The class as built, read once per run; a class that cannot be read is one
        problem, said once, and only its mail waits."""
        if (lang, class_id) not in self.sites:
            output, today = self.output, self.config.today
            try:
                feed = read_feed(output, lang, class_id)
                on_site = site_items(output, lang, class_id)
                events = read_events(output, self.address, lang, class_id, self.config.timezone)
            except SiteError as error:
                self.sites[(lang, class_id)] = error
                self.problem(str(error))
                return None
            self.sites[(lang, class_id)] = ClassSite(feed, events, on_site)
            # before anyone's mail: what is too old for the feed is never new
            self.ledger.archived(class_id, archive(feed, on_site, today), on_site)
        found = self.sites[(lang, class_id)]
        return None if isinstance(found, SiteError) else found

    def mail_everyone(self, subscribers, classes: dict, secret: str) -> None:
        """Every subscriber's new mail, class by class; a server that says "later" stops the
        run (the ledger has what went out), and the ledger is saved even when nothing went."""
        try:
            for subscriber in subscribers:
                key = subscriber_key(secret or DEMO_KEY, subscriber.email)
                for class_id in subscriber.classes:
                    self.mail_class(subscriber, key, classes[class_id])
        except TryLater as error:
            self.tally.stopped = str(error)
        finally:
            self.transport.close()
        if not self.dry_run:
            self.ledger.save()  # the archive and upgrades, even when nothing new went out

    def mail_class(self, subscriber, key: str, school_class) -> None:
        """What is new for one subscriber in one class, sent and recorded message by message;
        a message refused for good leaves the class's later ones for the next run."""
        class_id = school_class.id
        built = self.class_site(reading_language(subscriber, school_class), class_id)
        if built is None:
            return  # said once; the family's other classes still go
        event_items = [event.item for event in built.events]
        on_site = built.on_site | set(built.feed.items) | set(event_items)
        record = self.ledger.get(key, class_id)
        if record is not None:
            self.ledger.adopt(key, class_id, upgraded(record.known, built.feed), event_items)
        planned = plan(subscriber, key, class_id, built, self.ledger, self.config.today)
        try:  # every message written before the first goes: a class's built files whole
            drafts = [
                self.draft(message, school_class) for message in planned if not message.skipped
            ]
        except SiteError as error:
            self.problem(str(error))
            return
        for draft in drafts:
            if not self.send(draft, subscriber, key, school_class, on_site):
                return

    def draft(self, planned: Planned, school_class) -> Draft:
        """A planned message written: its subject, HTML and text, in the subscriber's language."""
        lang, renderer = planned.lang, self.renderer
        if planned.kind == "welcome":
            subject, html, text = renderer.welcome(school_class, lang, planned.weekly)
        elif planned.kind == "newsletter":
            entry = planned.entries[0]
            html, text = newsletter_edition(self.output, lang, school_class.id, entry.month)
            subject = f"{entry.title} · {school_class.name_in(lang)}"
        else:
            posts, events = list(planned.entries), list(planned.events)
            subject, html, text = renderer.news(school_class, lang, posts, events)
        return Draft(
            school_class.id, planned.kind, lang, subject, html, text, planned.date, planned.items
        )

    def send(self, draft: Draft, subscriber, key: str, school_class, on_site: set[str]) -> bool:
        """One message sent (or written), recorded in the ledger and counted; False when the
        server refused it for good: a problem, and the family's other classes still go."""
        sent = sum(self.tally.sent.values())
        if self.smtp and sent >= self.smtp.max_messages:
            raise TryLater(f"HOMEROOM_SMTP_MAX_MESSAGES ({self.smtp.max_messages})")
        catalog = self.renderer.gettext(draft.lang)
        now = datetime.now(UTC)
        message = compose(draft, subscriber.email, key, school_class, self.site, catalog, now)
        name = f"{subscriber.position:03d}-{school_class.id}-{draft.kind}"
        try:
            if self.smtp and self.smtp.per_minute and sent:
                time.sleep(60 / self.smtp.per_minute)
            self.transport.send(message, name, subscriber.email)
        except Refused as error:
            self.problem(
                f"{subscriber.where} ({subscriber.masked}), {school_class.id}: the server "
                f"refused the {draft.kind} message for good ({error}); it waits for the next "
                "run, the other families go on; check this family's address"
            )
            return False
        if not self.dry_run:
            day = self.config.today.isoformat()
            self.ledger.record(key, school_class.id, draft.items, day, on_site)
        self.tally.sent[draft.kind] = self.tally.sent.get(draft.kind, 0) + 1
        self.tally.families.add(subscriber.position)
        self.say(
            f"{'wrote' if self.dry_run else 'sent'} {draft.kind} of {school_class.id} "
            f"({draft.lang}) to {subscriber.where} ({subscriber.masked})"
        )
        return True

    def summary(self) -> int:
        """The last lines of the log, and the exit code."""
        tally = self.tally
        total = sum(tally.sent.values())
        # a tally by kind, `posts 1` (never "1 posts": the kind names a message, not a count)
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(tally.sent.items()))
        english = self.renderer.catalogs["en"]  # the command's words, counted as English says
        where = (
            f"into {self.dry_run}/ (nothing sent)"
            if self.dry_run
            else f"to {counted(english, len(tally.families), 'family')}"
        )
        messages = counted(english, total, "message")
        self.say(f"{messages} {where}{f': {kinds}' if kinds else ''}.")
        if tally.stopped:
            note = (
                f"stopped early: {tally.stopped}; the ledger has what went out, "
                "the next run sends the rest"
            )
            self.say(annotated(note, self.github, "warning"))
        if tally.problems:
            self.say(
                annotated(
                    f"{counted(english, tally.problems, 'problem')} above: what they name was "
                    "not sent (the rest "
                    "was); fix them and the next run sends it",
                    self.github,
                )
            )
        return 1 if tally.problems else 0


def read_subscribers(config, environ, say, github: bool) -> tuple[dict, list, list[str]]:
    """The classes, the subscribers that can be mailed, and what is wrong with the others
    (or with a class.yml), each said once."""
    classes, unreadable = school_classes(config.content_path / config.classes_path)
    languages = {lang for school_class in classes.values() for lang in school_class.languages}
    subscribers, problems = load_subscribers(
        environ.get(SETTING, ""), Path.cwd(), classes, languages, frozenset(unreadable)
    )
    problems = [*unreadable.values(), *problems]
    for text in problems:
        say(annotated(text, github))
    return classes, subscribers, problems


def send_secret(environ, dry_run: Path | None) -> str:
    """HOMEROOM_SECRET, as publish has it (the environment); only a dry run goes without."""
    secret = setting(environ, "HOMEROOM_SECRET")
    if not secret and not dry_run:
        raise SendError(
            "HOMEROOM_SECRET is not set: the ledger names each family by a keyed hash of "
            "its address, never the address itself; set the same secret as for publish"
        )
    return secret


def forget_unlisted(ledger: Ledger, subscribers, classes: dict, secret: str) -> None:
    """A list read whole: whom it no longer names goes from the ledger."""
    ledger.forget_others(
        {
            (subscriber_key(secret or DEMO_KEY, subscriber.email), class_id)
            for subscriber in subscribers
            for class_id in subscriber.classes
        },
        classes,
    )


def start_run(
    config,
    theme: Path,
    output: Path,
    classes: dict,
    ledger: Ledger,
    *,
    dry_run: Path | None,
    environ,
    say: Callable[[str], None],
    transport,
    github: bool,
    problems: int,
) -> Run:
    """The run, with what every message shares: the site's address, the sender, the way out
    (a folder in a dry run, else the SMTP server, unless a test gives its own)."""
    address = first_address(output, classes)
    smtp = None if dry_run else smtp_settings(environ)
    site = Site(
        name=config.site_name,
        address=address,
        timezone=config.timezone,
        sender=smtp.sender if smtp else "news@school.invalid",
        authority=urlsplit(address).hostname or "localhost",
    )
    if transport is None:
        transport = FolderTransport(dry_run) if dry_run else SmtpTransport(smtp)
    renderer = Renderer(theme, config.translations_path, site)
    return Run(
        config,
        output,
        address,
        ledger,
        renderer,
        site,
        transport,
        smtp,
        dry_run,
        say,
        github,
        Tally(problems=problems),
    )


def run_send(
    config,
    theme: Path,
    output: Path,
    ledger_path: Path,
    dry_run: Path | None,
    environ=os.environ,
    say: Callable[[str], None] = print,
    transport=None,
    start: bool = False,
) -> int:
    """Send (or write, in a dry run) every subscriber's new mail; the exit code."""
    github = environ.get("GITHUB_ACTIONS") == "true"
    try:
        classes, subscribers, problems = read_subscribers(config, environ, say, github)
        secret = send_secret(environ, dry_run)
        ledger = open_ledger(ledger_path, start, dry_run, say)
        if subscribers and not problems:
            forget_unlisted(ledger, subscribers, classes, secret)
        if not subscribers:
            say(
                "No subscriber can be mailed (see above): nothing to send."
                if problems
                else "No subscribers (HOMEROOM_SUBSCRIBERS is empty): nothing to send."
            )
            return 1 if problems else 0
        run = start_run(
            config,
            theme,
            output,
            classes,
            ledger,
            dry_run=dry_run,
            environ=environ,
            say=say,
            transport=transport,
            github=github,
            problems=len(problems),
        )
        run.mail_everyone(subscribers, classes, secret)
    except (SubscribersError, LedgerError, SiteError, SendError) as error:
        say(annotated(str(error), github))
        return 1
    return run.summary()
