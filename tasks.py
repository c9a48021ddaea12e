"""Homeroom's front door for teachers and admins: build, serve, publish, check, new, send."""

import atexit
import contextlib
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

from invoke import Exit

from homeroom_i18n.counts import counted, task_catalog
from homeroom_mail import SEND_HELP
from homeroom_school.settings import setting
from homeroom_search import finishing
from homeroom_tasks.classes import read_class_of, require_class
from homeroom_tasks.help import task  # invoke's, with --help anywhere
from homeroom_tasks.paths import DEV_SETTINGS_NAME, PREVIEW_FOLDER, PUBLISH_SETTINGS_NAME
from homeroom_tasks.preview import preview_folders, preview_rebuilder
from homeroom_tasks.runs import count_files, run_pelican, site_size, swap_in
from homeroom_tasks.settings import pelican_settings, require_siteurl, task_config

# At exit, the objects of a build (about 100 MB at M) are not freed one by one by Python's last
# garbage collection: the system takes the memory back at once (0.15 s of `invoke build` at M).
# Files are written and closed in `with` blocks, and every other atexit handler still runs.
atexit.register(gc.freeze)

ROOT = Path(__file__).resolve().parent  # the project: what `invoke start` rewrites is here
DEV_SETTINGS = ROOT / DEV_SETTINGS_NAME
PUBLISH_SETTINGS = ROOT / PUBLISH_SETTINGS_NAME


@task(
    help={
        "content": "content folder (default: content)",
        "output": "output folder (default: output)",
    }
)
def build(c, content="content", output="output"):
    """Build the preview site: list every content error, build the rest, fail if any."""
    started = time.perf_counter()
    settings = pelican_settings(DEV_SETTINGS, content, output)
    with finishing(settings["SITEURL"]) as finish:  # the index starts once the pages are written
        errors = run_pelican(settings, on_pages=finish.pages_written)
        if Path(output).is_dir():
            errors += finish.finish(Path(output))
    seconds = time.perf_counter() - started
    files = count_files(Path(output)) if Path(output).is_dir() else 0
    print(f"Built {files} files into {output}/ in {seconds:.1f} s.")
    if errors:
        problems = counted(task_catalog(settings), errors, "problem")
        raise Exit(f"{problems} to fix; the rest of the site was built.", code=1)


@task(
    help={
        "content": "content folder (default: content)",
        "output": f"folder served (default: {PREVIEW_FOLDER}; never output)",
        "port": "port (default: 8000; 0: any free port)",
    }
)
def serve(c, content="content", output=PREVIEW_FOLDER, port=8000):
    """Build, serve on 127.0.0.1, rebuild on save and reload open tabs (Ctrl+C stops)."""
    from homeroom_output import PreviewMemo
    from homeroom_preview import BuildState, PreviewServer
    from homeroom_preview.watch import rebuild_on_change, start_watching
    from homeroom_school.translations import as_html

    output_path, staging = preview_folders(output)
    memo = PreviewMemo()  # parsed Markdown, derived keys, output keys: kept between rebuilds
    roots = [Path(content), ROOT / "themes", ROOT / "plugins", DEV_SETTINGS, PUBLISH_SETTINGS]
    code = [ROOT / "plugins", DEV_SETTINGS, PUBLISH_SETTINGS]
    observer, changes = start_watching(roots, [output_path, staging, ROOT / "cache"])
    state = BuildState()
    state.version = int(time.time())  # a restarted preview still reloads tabs it served
    rebuilder = preview_rebuilder(DEV_SETTINGS, content, output_path, staging, state, memo)
    output_path.mkdir(parents=True, exist_ok=True)
    rebuilder.rebuild()
    pages = {"translations": lambda: as_html(memo.reading.school)}
    port = int(setting(os.environ, "HOMEROOM_PREVIEW_PORT") or port)
    server = PreviewServer(output_path, state, port, pages)
    print(f"Serving on {server.url} (Ctrl+C stops).", flush=True)
    print(
        "Search and offline reading are left out of the preview (a save would re-index the "
        "whole site): `invoke build` or `invoke publish` makes them.",
        flush=True,
    )
    print(f"Translations: {server.url}__homeroom__/translations", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        rebuild_on_change(observer, changes, code, rebuilder, server.port)
    server.shutdown()


@task(
    help={
        "content": "content folder (default: content)",
        "output": "output folder (default: output), replaced only by a good build",
    }
)
def publish(c, content="content", output="output"):
    """Strict production build (publishconf.py); the output is replaced only by a good build."""
    target = Path(output).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        settings = pelican_settings(
            PUBLISH_SETTINGS,
            content,
            str(staging),
            DELETE_OUTPUT_DIRECTORY=False,
            HOMEROOM_PREVIEW=False,  # whatever publishconf.py says: drafts out, secrets checked
        )
        require_siteurl(settings["SITEURL"])  # before building: the output stays untouched
        with finishing(settings["SITEURL"]) as finish:  # the index starts with the pages
            errors = run_pelican(settings, on_pages=finish.pages_written)
            errors = errors or finish.finish(staging)
        if errors:
            problems = counted(task_catalog(settings), errors, "problem")
            raise Exit(f"publish failed: {problems}; {output}/ is as it was.", code=1)
        swap_in(staging, target)
        print(f"Published {count_files(target)} files into {output}/ for {settings['SITEURL']}.")
        max_bytes = setting(settings, "HOMEROOM_SITE_MAX_BYTES")
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        print("\n".join(site_size(target, max_bytes, github)))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@task(optional=["dry_run"], help=SEND_HELP)
def send(
    c, output="output", ledger="mail-ledger.yml", dry_run=None, content="content", start=False
):
    """Email each subscriber (HOMEROOM_SUBSCRIBERS) what the published site has that is new."""
    from homeroom_mail.command import run_send

    settings = pelican_settings(PUBLISH_SETTINGS, content, output)
    folder = Path("mail-dry-run" if dry_run is True else dry_run) if dry_run else None
    config = task_config(settings)
    code = run_send(
        config,
        Path(settings["THEME"]),
        Path(output),
        Path(ledger),
        folder,
        start=start,
    )
    if code:
        raise Exit("send: see the problems above", code=code)


@task(help={"content": "content folder (default: content)"})
def check(c, content="content"):
    """Validate the content only: every problem as file:line: message; fail if any."""
    from homeroom_audio import audio_settings, check_recordings
    from homeroom_photos import check_photos, photo_settings
    from homeroom_school.reading.loading import load_school
    from homeroom_site import theme_escapes, theme_problems
    from homeroom_tasks.runs import problem_lines, scheduled_lines
    from homeroom_video import check_clips, video_settings

    settings = pelican_settings(DEV_SETTINGS, content, "output")
    config = task_config(settings)
    school = load_school(config)
    problems = school.problems + check_photos(school, config.content_path, photo_settings(settings))
    problems += check_recordings(school, config.content_path, audio_settings(settings))
    problems += check_clips(school, config.content_path, video_settings(settings))
    theme = Path(settings["THEME"])
    theme_lines = theme_problems(theme_escapes(theme), theme)  # as build and publish say them
    lines, errors = problem_lines(theme_lines, problems, config.content_path)  # as builds name it
    lines += scheduled_lines(school.scheduled, config.content_path)  # said, never failed
    print("".join(f"{line}\n" for line in lines), end="")
    catalog = task_catalog(settings)
    if errors:
        raise Exit(f"{counted(catalog, errors, 'problem')} to fix.", code=1)
    posts = sum(len(items) for items in school.news.values())
    events = sum(len(items) for items in school.events.values())
    warnings = counted(catalog, len(problems), "warning")
    verdict = f"No errors ({warnings} above)" if problems else "No problems"
    counts = [(len(school.classes), "class"), (posts, "post"), (events, "event")]
    counts.append((len(school.pages), "page"))
    print(f"{verdict}: {', '.join(counted(catalog, n, what) for n, what in counts)}.")


@task(
    positional=["kind", "title"],
    help={
        "kind": "news (a post), event, entry (a portfolio entry: also give --student) or "
        "class (a class folder and its class.yml: give its id instead of a title)",
        "student": "for an entry: the student's folder name in portfolio/",
        "title": "the title, in quotes (for a class: its id, like grade-3b)",
        "date": "YYYY-MM-DD: the post's date or the event's first day (default: today)",
        "class": "class id, the folder name under content/classes",
        "lang": "language code; default: the class's first language. For a class: its "
        "languages, the one it writes in first (en,es); default: DEFAULT_LANG",
        "content": "content folder (default: content)",
    },
)
def new(c, kind, title, class_=None, lang=None, date=None, student=None, content="content"):
    """Start a file from a template: new news|event|entry --class C "Title", or new class ID."""
    from homeroom_school.starting.starters import StarterError, write_starter
    from homeroom_tasks.class_starter import new_class

    if kind == "class":
        class_id = title or class_
        path = new_class(
            content, class_id, lang, partial(pelican_settings, DEV_SETTINGS, content, "output")
        )
        print(path)
        print(
            f"Fill in its teachers and contact (the notes in it say how); then "
            f'`invoke new news --class {class_id} "Title"` writes its first post.',
            file=sys.stderr,
        )
        return
    settings = pelican_settings(DEV_SETTINGS, content, "output")
    school_class = read_class_of(content, class_, settings)
    config = task_config(settings)
    try:
        path = write_starter(
            Path(content),
            school_class,
            kind,
            title,
            lang,
            date,
            student,
            translations=config.translations_path,
            classes_path=config.classes_path,
        )
    except StarterError as error:
        raise Exit(str(error), code=1) from None
    print(path)
    print(
        "Replace its example lines with your own words: `invoke check` names each one left.",
        file=sys.stderr,
    )


@task(
    help={
        "school": "the school's name, in quotes (SITENAME)",
        "timezone": "the school's time zone, like America/Chicago (TIMEZONE)",
        "lang": "the school's languages, the default first (DEFAULT_LANG): en or en,es",
        "class": "the first class's id, like room-12 (it publishes in --lang's languages)",
        "replace": "also delete what content/ holds besides the demo school",
        "content": "content folder",
    }
)
def start(c, school=None, timezone=None, lang=None, class_=None, replace=False, content="content"):
    """Clear the demo school and start yours: its name, time zone, languages and first class."""
    from homeroom_tasks import starting
    from homeroom_tasks.class_starter import write_class

    folder = Path(content)
    try:
        wanted = starting.new_school(school, timezone, lang, class_)
        conf = starting.with_settings(DEV_SETTINGS.read_text(encoding="utf-8"), wanted)
    except starting.StartError as error:
        raise Exit(str(error), code=1) from None
    others = starting.not_the_demo(folder)
    if others and not replace:
        raise Exit(
            f"{content}/ holds more than the demo school: {', '.join(others)}. Nothing was "
            "changed; to delete it all and start anyway, add --replace (git keeps what was "
            "committed)",
            code=1,
        )
    starting.clear(folder)
    DEV_SETTINGS.write_text(conf, encoding="utf-8")
    config = task_config(pelican_settings(DEV_SETTINGS, content, "output"))
    path = write_class(
        folder,
        wanted.class_id,
        list(wanted.languages),
        config.translations_path,
        config.classes_path,
    )
    settings = ", ".join(f'{key} = "{value}"' for key, value in wanted.settings().items())
    print(f"{content}/ is empty but for {path.parent.as_posix()}/; pelicanconf.py: {settings}.")
    print(
        f"Next: fill in {path.as_posix()} (its teachers and contact), then `invoke serve`; the "
        "README's “Start your school” goes on from there."
    )


@task(
    positional=["time"],
    help={
        "class": "the class id, like grade-3b",
        "event": "the event's slug or file name",
        "content": "content folder (default: content)",
        "free": "make TIME free again",
        "time": "the time booked, 12- or 24-hour (15:30, 3:30pm), or the code a family sent",
    },
)
def book(c, time, class_="", event="", free=False, content="content"):
    """Mark a conference time booked, or --free again: book --class C --event SLUG TIME."""
    from homeroom_school.features import bookings

    settings = pelican_settings(DEV_SETTINGS, content, "output")
    config = task_config(settings)
    require_class(class_, content, settings)  # a class to book in first
    try:
        print(bookings.run(config, class_, event, time, free))
    except bookings.BookingError as error:
        raise Exit(str(error), code=1) from None


@task(help={"add": "a language code to start a catalog for, e.g. pt (default: none)"})
def catalogs(c, add=None):
    """Extract the theme's UI strings and update every language's .po catalog."""
    from babel.messages.frontend import CommandLineInterface

    translations = ROOT / "themes" / "homeroom" / "translations"
    pot = translations / "messages.pot"
    cli = CommandLineInterface()
    extract = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot)]
    cli.run([*extract, "--no-location", "--sort-output", "--project=Homeroom", str(ROOT)])
    if add:
        cli.run(["pybabel", "-q", "init", "-i", str(pot), "-d", str(translations), "-l", add])
    cli.run(["pybabel", "-q", "update", "-i", str(pot), "-d", str(translations)])


@task(help={"photos": "how many 12-megapixel photos to time (default 12)"})
def bench_photos(c, photos=12):
    """Time the photo pipeline cold and warm against naive Pillow, on generated phone photos."""
    with c.cd(str(ROOT)):  # `python -m bench.photos`: it imports tests.photos from the root
        c.run(f"{sys.executable} -m bench.photos --photos {int(photos)}", pty=False)


@task(help={"minutes": "length of the generated recording", "runs": "runs (the median)"})
def bench_audio(c, minutes=3, runs=3):
    """Time the recording pipeline against the ffmpeg command line, on a generated recording."""
    with c.cd(str(ROOT)):  # `python -m bench.audio`: it imports tests.recordings from the root
        c.run(f"{sys.executable} -m bench.audio --minutes {float(minutes)} --runs {int(runs)}")


@task(help={"seconds": "length of the generated 1080p clip", "runs": "runs (the median)"})
def bench_video(c, seconds=20, runs=3):
    """Time the clip pipeline against the ffmpeg command line, on a generated phone clip."""
    with c.cd(str(ROOT)):  # `python -m bench.video`: it imports tests.clips from the root
        c.run(f"{sys.executable} -m bench.video --seconds {float(seconds)} --runs {int(runs)}")


@task(
    help={
        "class": "only this class (default: every class)",
        "content": "content folder (default: content)",
    }
)
def translations(c, class_=None, content="content"):
    """Show every post and event × language: translated, missing, or outdated."""
    from homeroom_school.reading.loading import load_school
    from homeroom_school.translations import as_text

    settings = pelican_settings(DEV_SETTINGS, content, "output")
    school = load_school(task_config(settings))
    if class_ or not school.classes:  # no class: say which command starts one
        require_class(class_, content, settings, list(school.classes))
    for class_id in [class_] if class_ else school.classes:
        print(as_text(school, class_id), end="\n\n")


@task(
    help={
        "class": "only this class (default: every class)",
        "content": "content folder (default: content)",
        "output": "where the cards go (default: portfolio-cards; never published)",
    }
)
def portfolio_cards(c, class_=None, content="content", output="portfolio-cards"):
    """Write printable cards, one per student, with the family's address, QR code and passphrase."""
    from homeroom_i18n import Catalogs
    from homeroom_portfolio.cards import make_cards, render_cards
    from homeroom_tasks.portfolio import portfolios_for_tasks

    # the published address first: no address, no cards
    site_url = require_siteurl(pelican_settings(PUBLISH_SETTINGS, content, "output")["SITEURL"])
    settings = pelican_settings(DEV_SETTINGS, content, "output")
    config, school, pages = portfolios_for_tasks(settings)
    if class_:
        require_class(class_, content, settings, list(school.classes))
    cards = make_cards(school, pages, site_url, Catalogs(config.translations_path), class_)
    html = render_cards(cards, Path(settings["THEME"]), config)
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{class_ or 'all-classes'}.html"
    path.write_text(html, encoding="utf-8")
    print(f"{path} ({len(cards)} cards; for the teacher's eyes only: print, then delete it)")


@task(
    help={
        "student": "class/student, like grade-3b/ana",
        "content": "content folder (default: content)",
        "output": "where the folder and ZIP go (default: exports)",
    }
)
def portfolio_export(c, student, content="content", output="exports"):
    """Write one child's portfolio as a folder and a ZIP that open offline, for the family."""
    import zipfile

    from homeroom_portfolio.export import ExportError, export_portfolio
    from homeroom_tasks.runs import counting_problems

    require_class(student.split("/")[0], content, pelican_settings(DEV_SETTINGS, content, "output"))
    folder = Path(output) / student.replace("/", "-")
    settings = pelican_settings(DEV_SETTINGS, content, "output")
    config = task_config(settings)
    with counting_problems() as counter:  # a photo or attached file that could not be inlined
        try:
            export_portfolio(settings, config, student, folder)
        except ExportError as error:
            raise Exit(f"{error}; could not export {student}", code=1) from None
    if counter.errors:
        raise Exit(f"could not export {student}", code=1)
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            bundle.write(path, path.relative_to(folder.parent))
    print(f"{folder}/index.html\n{archive}")


@task(
    help={
        "class": "the class whose school year ended, like grade-3b",
        "content": "content folder (default: content)",
        "output": "where the families' copies go (default: exports; never published)",
    }
)
def year_end(c, class_, content="content", output="exports"):
    """Lock each family's copy of its portfolio with its passphrase, then remove the sources."""
    from homeroom_portfolio.export import ExportError, export_school
    from homeroom_portfolio.keys import KeysError, load_keys
    from homeroom_portfolio.year_end import (
        YearEndError,
        handovers,
        remove_sources,
        what_is_left,
        write_handover,
    )
    from homeroom_tasks.runs import counting_problems

    settings = pelican_settings(DEV_SETTINGS, content, "output")
    portfolio = Path(content) / require_class(class_, content, settings) / class_ / "portfolio"
    if not portfolio.is_dir():
        raise Exit(f"{class_} has no portfolios ({portfolio}): nothing to do", code=1)
    if not setting(os.environ, "HOMEROOM_FAMILY_KEYS"):  # pelicanconf.py falls back to the demo's
        print("warning: HOMEROOM_FAMILY_KEYS is not set: using the DEMO-ONLY keys", file=sys.stderr)
    config = task_config(settings)
    try:
        school = export_school(settings, config)
        keys = load_keys(config.family_keys, Path.cwd())
        copies = handovers(school, class_, keys)
    except (ExportError, KeysError, YearEndError) as error:
        raise Exit(f"{error}; nothing was exported or removed", code=1) from None
    with counting_problems() as counter:  # a photo or attached file that could not be inlined
        written = [write_handover(settings, config, school, copy, Path(output)) for copy in copies]
    if counter.errors:
        raise Exit("could not export every portfolio; nothing was removed", code=1)
    for copy, index in zip(copies, written, strict=True):
        locked = "locked with the household's passphrase"
        plain = "not locked: a link portfolio without a passphrase; hand it over in person"
        print(f"{index} ({locked if copy.passphrase else plain})")
    count = remove_sources(portfolio)
    print(f"Removed {portfolio} ({count} files) from the working tree.")
    in_keys = sorted(key for key in keys if key.split("/")[0] == class_)
    print(what_is_left(portfolio.as_posix(), in_keys))


@task(
    help={
        "class": "the class id, like grade-3b",
        "month": "the month, YYYY-MM",
        "lang": "language (default: the class's first)",
        "content": "content folder (default: content)",
        "output": "where to build (default: newsletters)",
    }
)
def newsletter(c, class_, month, lang=None, content="content", output="newsletters"):
    """Build a month's newsletter for the published site and print its email and text paths."""
    from homeroom_school import urls

    dev_settings = pelican_settings(DEV_SETTINGS, content, "output")
    lang = lang or read_class_of(content, class_, dev_settings).languages[0]
    site_url = require_siteurl(pelican_settings(PUBLISH_SETTINGS, content, "output")["SITEURL"])
    settings = pelican_settings(
        DEV_SETTINGS, content, output, SITEURL=site_url, RELATIVE_URLS=False
    )
    if run_pelican(settings):
        raise Exit("the build had problems; run `invoke check`", code=1)
    html = Path(output) / urls.newsletter_email(lang, class_, month)
    if not html.is_file():
        raise Exit(f"{class_} has no newsletter for {month} in {lang!r}", code=1)
    print(html)
    print(html.with_suffix(".txt"))


@task(
    help={
        "size": "S (about 500 files), M (3,000) or L (12,000); --soak: M unless given",
        "runs": "runs per figure (median)",
        "soak": "instead: save files --saves times in a running preview, print its memory",
        "saves": "saves for --soak (default 300)",
        "commit": "time this commit (e.g. HEAD), exported to a temporary folder",
        "preview": "instead: what a save costs in the preview at S, M and L (or --size S,L)",
    }
)
def bench(c, size=None, runs=3, soak=False, saves=300, commit=None, preview=False):
    """Time builds and publish against vanilla Pelican; --preview: its saves; --soak: memory."""
    import shlex

    script = "bench.soak" if soak else "bench.preview" if preview else "bench.site"
    args = ["--sizes", size or "S,M,L"] if preview else ["--size", size or ("M" if soak else "S")]
    args += ["--saves", str(int(saves))] if soak else ["--runs", str(int(runs))]
    args += ["--commit", commit] if commit and not preview else []
    with c.cd(str(ROOT)):  # the scripts run as modules of the `bench` package, from the root
        c.run(shlex.join([sys.executable, "-m", script, *args]), pty=False)
        if not soak and not preview:  # what search weighs in Chromium, and indexing costs
            c.run(shlex.join([sys.executable, "-m", "bench.search"]), pty=False)


@task
def golden(c):
    """Write the small test school's golden snapshot again (tests/golden/), show what changed."""
    import shlex

    snapshot = "tests/golden/small-school"
    with c.cd(str(ROOT)):
        c.run(shlex.join([sys.executable, "-m", "tests.golden"]), pty=False)
        c.run(f"git diff --stat -- {snapshot}", pty=False)
        c.run(f"git status --short --untracked-files=all -- {snapshot}", pty=False)
