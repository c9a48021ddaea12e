"""Build Homeroom sites for tests: the demo school, or a small school written in tmp_path."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = ROOT / "content"
DEMO_KEYS = ROOT / "demo-family-keys.yml"  # DEMO ONLY, like the secret below
DEMO_SECRET = "demo-only-site-secret-not-for-real-use"
DEMO_FAMILIES = ("grade-3b/ana", "grade-5a/omar", "kindergarten-sunflowers/linh")
# Builds in tests happen on "2026-11-23" (noon UTC), whatever the clock says: which events
# are upcoming must not depend on the day the tests run.
TODAY = "2026-11-23"
SOURCE_DATE_EPOCH = "1795435200"
# `invoke publish` needs the site's absolute address (SITEURL, from the environment): tests that
# publish pass this one, `env=PUBLISHED` or `{**PUBLISHED, ...}`.
PUBLISHED = {"SITEURL": "https://school.example"}

# A small school: two classes, three languages, translations present and missing.
SMALL_SCHOOL = {
    "classes/grade-1/class.yml": """
        name: {en: Grade 1, es: Primer grado}
        teachers: [Ms. Park]
        languages: [en, es]
        contact:
          email: park@school.example
          response_time: {en: within a day, es: en un día}
    """,
    "classes/grade-1/news/2026-09-04-first-week.md": """
        Title: Our first week
        Date: 2026-09-04
        Summary: We met each other.

        We met each other and read [a story](2026-09-11-apples.md#top).

        ![Our class tree](tree.png "Shows: nobody")
    """,
    "classes/grade-1/news/2026-09-04-first-week.es.md": """
        Title: Nuestra primera semana
        Date: 2026-09-04

        Nos conocimos.
    """,
    "classes/grade-1/news/2026-09-11-apples.md": """
        ---
        title: Apples
        date: 2026-09-11
        tags: [science, snacks]
        ---
        We tasted apples. See the [partnership](../../../pages/agreement.md).
    """,
    "classes/grade-1/news/2026-09-18-draft.md": """
        Title: Not ready
        Date: 2026-09-18
        Status: draft

        Half written.
    """,
    "classes/grade-2/class.yml": """
        name: Grade 2
        teachers: Mr. Diallo
        languages: [ar, en]
    """,
    "classes/grade-2/news/2026-09-05-hello.md": """
        Title: مرحبا
        Date: 2026-09-05 08:30

        أهلا بكم في الصف الثاني.
    """,
    "pages/agreement.md": """
        Title: Partnership agreement

        We promise to write every week.
    """,
}


def strong_secrets(folder: Path, families=DEMO_FAMILIES) -> dict[str, str]:
    """Test-only secrets that `invoke publish` accepts (the demo's it refuses): a 43-character
    site secret and a keys file with a random passphrase per family; as environment variables.
    The passphrases are in the returned HOMEROOM_FAMILY_KEYS file (tests.sites.read_keys)."""
    import secrets

    folder.mkdir(parents=True, exist_ok=True)
    keys = folder / "family-keys.yml"
    keys.write_text(
        "".join(f"{family}: test-only {secrets.token_urlsafe(16)}\n" for family in families),
        encoding="utf-8",
    )
    return {"HOMEROOM_SECRET": secrets.token_urlsafe(32), "HOMEROOM_FAMILY_KEYS": str(keys)}


def read_keys(env: dict) -> dict[str, str]:
    """The passphrases of strong_secrets(), by class/student."""
    import yaml

    return yaml.safe_load(Path(env["HOMEROOM_FAMILY_KEYS"]).read_text(encoding="utf-8"))


def write_school(folder: Path, files: dict) -> Path:
    """Write content files (dedented text, or bytes as they are) under `folder`."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def small_school(folder: Path, **changes) -> Path:
    """The small school, with some files replaced (a value of None removes a file)."""
    from PIL import Image

    files = {**SMALL_SCHOOL, **{k: v for k, v in changes.items() if v is not None}}
    for name, value in changes.items():
        if value is None:
            files.pop(name, None)
    write_school(folder, files)
    tree = folder / "classes/grade-1/news/tree.png"
    if not tree.exists():
        Image.new("RGB", (40, 30), (40, 140, 60)).save(tree)
    return folder


def invoke(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` as a teacher would, from the repository, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})},
        timeout=300,
    )


def pelican_build(content: Path, output: Path, **settings) -> int:
    """Build in this process with pelicanconf.py and some settings changed; returns errors."""
    import tasks

    settings = {"HOMEROOM_TODAY": TODAY, **settings}
    return tasks.run_pelican(
        tasks.pelican_settings(tasks.DEV_SETTINGS, str(content), str(output), **settings)
    )


def build(
    content: Path, output: Path, *extra: str, env: dict | None = None
) -> subprocess.CompletedProcess:
    return invoke("build", "--content", str(content), "--output", str(output), *extra, env=env)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, for comparing whole builds."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def web_pages(folder: Path) -> list[Path]:
    """The HTML pages of the site, without the newsletters' email editions (made for mail
    clients, with absolute addresses)."""
    return [path for path in html_files(folder) if path.name != "email.html"]


def load(folder, **settings):
    """The school model read from `folder` (no build), and its Config: for tests of reading."""
    from homeroom_school.reading.loading import load_school
    from homeroom_school.settings import load_config

    config = load_config(
        {
            "PATH": str(folder),
            "SITEURL": "",
            "TIMEZONE": "America/Chicago",
            "DEFAULT_LANG": "en",
            "THEME": str(ROOT / "themes/homeroom"),
            **settings,
        }
    )
    return load_school(config), config


#: The demo school's classes and the languages each is written in.
CLASS_LANGUAGES = {
    "grade-3b": ["en", "es"],
    "grade-5a": ["en", "ar"],
    "kindergarten-sunflowers": ["en", "vi", "zh"],
}
