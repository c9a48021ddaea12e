"""`invoke publish` needs the site's absolute address, and says how big the site it made is."""

import os

import invoke
import pytest

import tasks
from tests.sites import PUBLISHED, read_tree, small_school

WHERE = (
    "The Pages workflow (.github/workflows/publish.yml) passes it as the environment variable "
    "SITEURL, from actions/configure-pages; for a local publish, set SITEURL in the environment, "
    "e.g. `SITEURL=https://school.example invoke publish`."
)


@pytest.mark.parametrize(
    ("siteurl", "problem"),
    [
        (None, "SITEURL is not set"),
        ("", "SITEURL is not set"),
        ("  ", "SITEURL is not set"),
        ("/homeroom", "SITEURL '/homeroom' is not absolute"),
        ("school.example/homeroom", "SITEURL 'school.example/homeroom' is not absolute"),
        ("ftp://school.example", "SITEURL 'ftp://school.example' is not absolute"),
    ],
)
def test_publish_refuses_a_missing_or_relative_siteurl_before_building(
    tmp_path, monkeypatch, siteurl, problem
):
    """publishconf.py has no address of its own: an empty or relative one would publish
    root-relative links and page-relative photos (every photo broken)."""
    if siteurl is None:
        monkeypatch.delenv("SITEURL", raising=False)
    else:
        monkeypatch.setenv("SITEURL", siteurl)
    content = small_school(tmp_path / "content")
    output = tmp_path / "site"
    output.mkdir()
    (output / "index.html").write_text("the last good site")
    with pytest.raises(invoke.Exit) as stopped:
        tasks.publish.body(None, content=str(content), output=str(output))
    assert stopped.value.code == 1
    assert str(stopped.value.message).startswith(f"{problem}: publishing needs the site's address")
    assert WHERE in stopped.value.message
    assert read_tree(output) == {"index.html": b"the last good site"}
    assert sorted(os.listdir(tmp_path)) == ["content", "site"]  # no staging folder left


def test_newsletter_and_cards_need_the_address_too(tmp_path, monkeypatch):
    """They print addresses families open: without SITEURL they stop with publish's message
    rather than print a wrong address."""
    monkeypatch.delenv("SITEURL", raising=False)
    content = small_school(tmp_path / "content")
    with pytest.raises(invoke.Exit, match="SITEURL is not set") as stopped:
        tasks.newsletter.body(
            None,
            class_="grade-1",
            month="2026-09",
            content=str(content),
            output=str(tmp_path / "letters"),
        )
    assert WHERE in stopped.value.message
    with pytest.raises(invoke.Exit, match="SITEURL is not set") as stopped:
        tasks.portfolio_cards.body(None, content=str(content), output=str(tmp_path / "cards"))
    assert WHERE in stopped.value.message
    assert sorted(os.listdir(tmp_path)) == ["content"]


def folder_sizes(site) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path in site.rglob("*"):
        parts = path.relative_to(site).parts
        if path.is_file() and len(parts) > 1:
            sizes[f"{parts[0]}/"] = sizes.get(f"{parts[0]}/", 0) + path.stat().st_size
    return sizes


def test_publish_prints_the_size_and_warns_near_the_pages_limit(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SITEURL", PUBLISHED["SITEURL"])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("HOMEROOM_REPOSITORY_VISIBILITY", "private")
    content = small_school(tmp_path / "content")
    output = tmp_path / "site"
    tasks.publish.body(None, content=str(content), output=str(output))
    said = capsys.readouterr().out
    files = [path for path in output.rglob("*") if path.is_file()]
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    assert f"Site size: {megabytes:.1f} MB in {len(files)} files." in said
    assert "warning" not in said.lower()

    real = tasks.pelican_settings

    def tiny_limit(conf, content, output, **extra):  # as a school's publishconf.py would set it
        return real(conf, content, output, HOMEROOM_SITE_MAX_BYTES=1000, **extra)

    monkeypatch.setattr(tasks, "pelican_settings", tiny_limit)
    tasks.publish.body(None, content=str(content), output=str(output))
    lines = capsys.readouterr().out.splitlines()
    warning = [line for line in lines if line.startswith("warning: ")]
    assert len(warning) == 1, lines
    assert (
        "of HOMEROOM_SITE_MAX_BYTES (0.0 MB, GitHub Pages' limit for a published site)"
        in (warning[0])
    )
    largest = sorted(folder_sizes(output).items(), key=lambda item: (-item[1], item[0]))
    named = warning[0].split("largest folders: ", 1)[1].split("; media: ")[0].split(", ")
    assert [name.split(" ")[0] for name in named] == [name for name, _ in largest[:5]]
    assert f"::warning::{warning[0].removeprefix('warning: ')}" in lines
    assert any(line.startswith("Site size: ") for line in lines)
