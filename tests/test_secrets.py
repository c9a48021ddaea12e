"""Fail closed: no child's data, and no secret, leaves by a side door.

Each test is an attack or a mistake made on `invoke publish` (a strict build): the demo's
DEMO-ONLY secret or keys, weak passphrases, a public repository. Publish must refuse, say what
is wrong (and for whom) without ever printing a secret or a passphrase, and leave the last good
output byte for byte as it was. The preview keeps accepting the demo's values.
"""

import secrets
from pathlib import Path

import pytest

from homeroom_portfolio import crypto
from homeroom_portfolio.keys import (
    MIN_LENGTH,
    normalize,
    passphrase_problem,
    secret_problem,
)
from tests.sites import (
    DEMO_KEYS,
    DEMO_SECRET,
    PUBLISHED,
    ROOT,
    invoke,
    read_tree,
    small_school,
)

# Slow: most tests publish in a child process, once for each weak secret or passphrase.
pytestmark = pytest.mark.slow

PORTFOLIO = "classes/grade-1/portfolio"
FAMILY = {  # Mia's page is for her family only; Sam's is at an unlisted address
    f"{PORTFOLIO}/mia/student.yml": "name: Mia K.\nvisibility: family\n",
    f"{PORTFOLIO}/mia/2026-10-01-chart.md": "Title: Chart\nDate: 2026-10-01\n\nMIA-PRIVATE.\n",
    f"{PORTFOLIO}/sam/student.yml": "name: Sam B.\nvisibility: link\n",
    f"{PORTFOLIO}/sam/2026-10-02-tower.md": "Title: Tower\nDate: 2026-10-02\n\nSAM-LINK.\n",
}
DEMO_PASSPHRASE = "demo-only maple river seven"  # grade-3b/ana's in demo-family-keys.yml


def env_for(secret: str, keys: str, **more: str) -> dict:
    """What the workflow passes to `invoke publish`: a private repository unless told."""
    return {
        "HOMEROOM_SECRET": secret,
        "HOMEROOM_FAMILY_KEYS": keys,
        "HOMEROOM_REPOSITORY_VISIBILITY": "private",
        **more,
    }


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    """A school with a family and a link portfolio, published once with strong secrets; the
    attacks then publish into the same output folder, which must not change."""
    folder = tmp_path_factory.mktemp("secrets")
    content = small_school(folder / "content", **FAMILY)
    secret = secrets.token_urlsafe(32)
    passphrase = f"{secrets.token_urlsafe(12)} lantern"
    good = env_for(secret, f"grade-1/mia: {passphrase}\n")
    output = folder / "site"
    result = publish(content, output, good)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"content": content, "output": output, "env": good, "before": read_tree(output)}


def publish(content: Path, output: Path, env: dict):
    return invoke(
        "publish", "--content", str(content), "--output", str(output), env={**PUBLISHED, **env}
    )


def refused(school: dict, env: dict, *messages: str, hidden: tuple[str, ...] = ()) -> str:
    """Publish with `env` over the good output: it fails, says `messages`, prints none of
    `hidden`, and the output is untouched. Returns what it printed."""
    result = publish(school["content"], school["output"], {**school["env"], **env})
    printed = result.stdout + result.stderr
    assert result.returncode != 0, printed
    assert "publish failed" in printed
    for message in messages:
        assert message in result.stderr, (message, result.stderr)
    for text in hidden:
        assert text not in printed, f"{text!r} was printed"
    assert "Traceback" not in printed
    assert read_tree(school["output"]) == school["before"]
    return result.stderr


# -- the site secret ------------------------------------------------------------------------


def test_a_short_secret_is_refused(school):
    stderr = refused(
        school, {"HOMEROOM_SECRET": "short"}, "HOMEROOM_SECRET has 5 characters", hidden=("short",)
    )
    assert "secrets.token_urlsafe(32)" in stderr  # how to make a good one


def test_the_demo_secret_is_refused(school):
    stderr = refused(
        school,
        {"HOMEROOM_SECRET": DEMO_SECRET},
        "HOMEROOM_SECRET is the demo's secret",
        hidden=(DEMO_SECRET,),
    )
    assert "secrets.token_urlsafe(32)" in stderr


def test_a_long_secret_made_from_the_demo_one_is_refused(school):
    secret = DEMO_SECRET + "-but-longer-and-ours"
    refused(school, {"HOMEROOM_SECRET": secret}, "is the demo's secret", hidden=(secret,))


# -- the families' passphrases ----------------------------------------------------------------


@pytest.mark.parametrize(
    "keys",
    [
        "demo-family-keys.yml",  # as pelicanconf.py names it, from the repository
        str(DEMO_KEYS),
        str(ROOT / "plugins" / ".." / "demo-family-keys.yml"),
        DEMO_KEYS.read_text(encoding="utf-8"),  # its content pasted into the CI secret
    ],
    ids=["relative-path", "absolute-path", "unresolved-path", "pasted-content"],
)
def test_the_demo_keys_file_is_refused(school, keys):
    demo = [line.split(": ", 1)[1] for line in DEMO_KEYS.read_text().splitlines() if ": " in line]
    refused(
        school,
        {"HOMEROOM_FAMILY_KEYS": keys},
        "HOMEROOM_FAMILY_KEYS is the demo's keys file",
        hidden=tuple(p for p in demo if "demo-only" in p),
    )


def test_a_copy_of_the_demo_keys_file_is_refused(school, tmp_path):
    copy = tmp_path / "family-keys.yml"
    copy.write_bytes(DEMO_KEYS.read_bytes())
    refused(school, {"HOMEROOM_FAMILY_KEYS": str(copy)}, "is the demo's keys file")


def test_a_demo_passphrase_copied_for_a_real_student_is_refused(school):
    refused(
        school,
        {"HOMEROOM_FAMILY_KEYS": f"grade-1/mia: {DEMO_PASSPHRASE}\n"},
        "the passphrase of grade-1/mia is a demo passphrase",
        hidden=(DEMO_PASSPHRASE, "maple river"),
    )


def test_a_15_character_passphrase_is_refused(school):
    passphrase = "river stone 123"
    assert len(passphrase) == MIN_LENGTH - 1
    stderr = refused(
        school,
        {"HOMEROOM_FAMILY_KEYS": f"grade-1/mia: {passphrase}\n"},
        "the passphrase of grade-1/mia has 15 characters; it needs at least 16",
        hidden=(passphrase,),
    )
    assert "four random words" in stderr and "secrets.token_urlsafe(16)" in stderr


def test_a_passphrase_of_one_repeated_letter_is_refused(school):
    passphrase = "  " + "a" * 20
    refused(
        school,
        {"HOMEROOM_FAMILY_KEYS": f"grade-1/mia: '{passphrase}'\n"},
        "the passphrase of grade-1/mia uses fewer than 6 different characters",
        hidden=("a" * 20,),
    )


def test_spaces_around_a_passphrase_do_not_count(school):
    """Fifteen characters and spaces around them are still fifteen."""
    refused(
        school,
        {"HOMEROOM_FAMILY_KEYS": "grade-1/mia: '   river stone 123   '\n"},
        "has 15 characters",
    )


def test_sixteen_characters_after_trimming_publish_as_the_trimmed_passphrase(school, tmp_path):
    """Spaces around a passphrase are not part of it: the page is the one its 16 characters
    alone lock (the nonce is deterministic, so the same passphrase gives the same bytes)."""
    passphrase = "river stone 1234"
    assert len(passphrase) == MIN_LENGTH
    sites = {}
    for name, written in (("spaced", f"'  {passphrase} '"), ("bare", passphrase)):
        env = {**school["env"], "HOMEROOM_FAMILY_KEYS": f"grade-1/mia: {written}\n"}
        result = publish(school["content"], tmp_path / name, env)
        assert result.returncode == 0, result.stderr
        assert passphrase not in result.stdout + result.stderr
        sites[name] = read_tree(tmp_path / name)
    token = crypto.token(school["env"]["HOMEROOM_SECRET"], "grade-1/mia")
    assert f"portfolio/{token}/index.html" in sites["bare"]
    assert sites["spaced"] == sites["bare"]


def test_every_weak_passphrase_is_named_at_once(school, tmp_path):
    files = {
        f"{PORTFOLIO}/zoe/student.yml": "name: Zoe\n",
        f"{PORTFOLIO}/zoe/2026-10-03-song.md": "Title: Song\nDate: 2026-10-03\n\nZOE.\n",
    }
    content = small_school(tmp_path / "content", **FAMILY, **files)
    keys = "grade-1/mia: river stone 123\ngrade-1/zoe: bbbbbbbbbbbbbbbbbbbbbb\n"
    result = publish(content, tmp_path / "site", {**school["env"], "HOMEROOM_FAMILY_KEYS": keys})
    assert result.returncode == 1
    assert "the passphrase of grade-1/mia has 15 characters" in result.stderr
    assert "the passphrase of grade-1/zoe uses fewer than 6 different characters" in result.stderr
    assert not (tmp_path / "site").exists()


# -- a public repository ----------------------------------------------------------------------


def test_publish_from_a_public_repository_refuses_portfolios(school):
    stderr = refused(
        school,
        {"HOMEROOM_REPOSITORY_VISIBILITY": "public"},
        "the repository is public, and grade-1/mia, grade-1/sam have family or link portfolios",
        "original photos with their GPS position",
        "make the repository private (see the README's set-up), or remove the portfolios",
    )
    assert stderr.count("the repository is public") == 1  # one clear message


def test_a_link_portfolio_alone_is_refused_from_a_public_repository(school, tmp_path):
    content = small_school(
        tmp_path / "content", **{k: v for k, v in FAMILY.items() if "/sam/" in k}
    )
    env = {**school["env"], "HOMEROOM_REPOSITORY_VISIBILITY": "public"}
    result = publish(content, tmp_path / "site", env)
    assert result.returncode == 1
    assert "the repository is public, and grade-1/sam have family or link portfolios" in (
        result.stderr
    )


def test_a_public_school_without_portfolios_publishes_from_a_public_repository(tmp_path):
    content = small_school(tmp_path / "content")
    env = {"HOMEROOM_SECRET": "", "HOMEROOM_FAMILY_KEYS": "", "GITHUB_ACTIONS": "true"}
    result = publish(
        content, tmp_path / "site", {**env, "HOMEROOM_REPOSITORY_VISIBILITY": "public"}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/en/grade-1/index.html").is_file()


@pytest.mark.parametrize("visibility", ["private", "internal"])
def test_publish_from_a_private_repository_succeeds(school, tmp_path, visibility):
    env = {**school["env"], "HOMEROOM_REPOSITORY_VISIBILITY": visibility, "GITHUB_ACTIONS": "true"}
    result = publish(school["content"], tmp_path / "site", env)
    assert result.returncode == 0, result.stderr
    assert read_tree(tmp_path / "site") == school["before"]


def test_in_github_actions_an_unknown_visibility_fails_closed(school):
    refused(
        school,
        {"HOMEROOM_REPOSITORY_VISIBILITY": "", "GITHUB_ACTIONS": "true"},
        "HOMEROOM_REPOSITORY_VISIBILITY is not set",
        "HOMEROOM_REPOSITORY_VISIBILITY: ${{ github.event.repository.visibility }}",
    )


def test_a_local_publish_with_an_unknown_visibility_is_allowed(school, tmp_path):
    env = {**school["env"], "HOMEROOM_REPOSITORY_VISIBILITY": "", "GITHUB_ACTIONS": ""}
    assert publish(school["content"], tmp_path / "site", env).returncode == 0


def test_a_misspelt_visibility_is_refused(school):
    refused(
        school,
        {"HOMEROOM_REPOSITORY_VISIBILITY": "privat"},
        "HOMEROOM_REPOSITORY_VISIBILITY is 'privat'; it must be public, private or internal",
    )


# -- the preview keeps the demo working ---------------------------------------------------------


def test_the_preview_accepts_the_demo_secret_and_passphrases(school, tmp_path):
    keys = f"grade-1/mia: {DEMO_PASSPHRASE}\n"
    env = {"HOMEROOM_SECRET": DEMO_SECRET, "HOMEROOM_FAMILY_KEYS": keys}
    result = invoke(
        "build", "--content", str(school["content"]), "--output", str(tmp_path / "p"), env=env
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p/portfolio" / crypto.token(DEMO_SECRET, "grade-1/mia")).is_dir()


def test_the_demo_builds_in_the_preview_with_its_own_values(demo_site):
    """`invoke build` with pelicanconf.py's DEMO-ONLY secret and keys (the fixture asserts it
    succeeds): the family pages of grade-3b/ana, grade-5a/omar and linh, and Leo's link page."""
    pages = sorted((demo_site / "portfolio").glob("*/index.html"))
    assert len(pages) == 4
    assert sum('id="locked"' in page.read_text() for page in pages) == 3


# -- the policy, as pure functions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        ("river stone lantern four", None),
        (secrets.token_urlsafe(16), None),
        ("  river stone 1234 ", None),  # 16 after trimming
        ("river stone 123", "has 15 characters"),
        ("\u00a0 river stone 123\n", "has 15 characters"),
        ("e\u0301e\u0301e\u0301 river stone", "has 15 characters"),  # NFC: each é is one
        ("a" * 40, "fewer than 6 different characters"),
        ("abab abab abab abab", "fewer than 6 different characters"),
        ("DEMO-ONLY something long enough", "is a demo passphrase"),
        ("Demo-only  maple   river seven", "is a demo passphrase"),
    ],
)
def test_passphrase_policy(passphrase, problem):
    found = passphrase_problem("grade-1/mia", passphrase, frozenset({"maple river seven"}))
    if problem is None:
        assert found is None
    else:
        assert problem in found and "grade-1/mia" in found
        assert normalize(passphrase) not in found


def test_a_passphrase_in_the_demo_file_is_a_demo_one_even_without_its_mark():
    assert "is a demo passphrase" in passphrase_problem(
        "grade-1/mia", "Maple River Seven Oak", frozenset({"maple river seven oak"})
    )


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        (secrets.token_urlsafe(32), None),
        ("x" * 31, "has 31 characters"),
        (DEMO_SECRET, "is the demo's secret"),
        ("my-DEMO-ONLY-secret-that-is-long-enough-to-pass", "is the demo's secret"),
    ],
)
def test_secret_policy(secret, problem):
    found = secret_problem(secret)
    if problem is None:
        assert found is None
    else:
        assert problem in found and secret not in found


def test_publish_is_strict_whatever_publishconf_says(tmp_path, monkeypatch):
    """A settings file that turns the preview on (by mistake or in a pull request) does not
    make publish show a family page without its passphrase, unencrypted."""
    import tasks

    loose = tmp_path / "loose_publishconf.py"
    loose.write_text(
        f"import runpy\nglobals().update(runpy.run_path({str(ROOT / 'publishconf.py')!r}))\n"
        "HOMEROOM_PREVIEW = True\n"
    )
    monkeypatch.setattr(tasks, "PUBLISH_SETTINGS", loose)
    monkeypatch.chdir(ROOT)
    for name, value in {**PUBLISHED, **env_for(secrets.token_urlsafe(32), "")}.items():
        monkeypatch.setenv(name, value)
    content = small_school(tmp_path / "content", **FAMILY)
    with pytest.raises(tasks.Exit, match="publish failed"):  # built: past the SITEURL check
        tasks.publish.body(None, content=str(content), output=str(tmp_path / "site"))
    assert not (tmp_path / "site").exists()
