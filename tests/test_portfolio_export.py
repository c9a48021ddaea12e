"""`invoke portfolio-export`: the same bytes as before it stopped building the whole site."""

import hashlib

import pytest
from pelican import Pelican

from tests.sites import DEMO_KEYS, DEMO_SECRET, ROOT, invoke

# sha256 of exports/<class>-<student>/index.html for the demo school, computed with the export
# that built the whole site (commit 04e0273): the export made alone must give the same bytes.
DEMO_EXPORTS = {
    "grade-3b/ana": "c59201d8b609addcb8df07a9061615568cbb779cfe74339d8c247ad749c48a8e",
    "grade-3b/leo": "93364ea629762892ae37586429779e9a1c5198604b536385a83df7760841bf7b",
    "grade-5a/omar": "0e18a06e5c0dc95460ab8d1ab58ccbbeb2139faa021bf3dba87255df520261bc",
    "kindergarten-sunflowers/linh": (
        "543c7974da6eb180e42193b5d6b369ba1e0744510922648bc77ef5e818862dc9"
    ),
}
DEMO_ENV = {"HOMEROOM_SECRET": DEMO_SECRET, "HOMEROOM_FAMILY_KEYS": str(DEMO_KEYS), "SITEURL": ""}


@pytest.mark.parametrize("student", sorted(DEMO_EXPORTS))
def test_demo_export_has_the_same_bytes(tmp_path, student):
    result = invoke(
        "portfolio-export", "--student", student, "--output", str(tmp_path), env=DEMO_ENV
    )
    assert result.returncode == 0, result.stderr
    index = tmp_path / student.replace("/", "-") / "index.html"
    assert hashlib.sha256(index.read_bytes()).hexdigest() == DEMO_EXPORTS[student]
    assert (tmp_path / f"{student.replace('/', '-')}.zip").is_file()


def test_the_export_builds_no_site(tmp_path, monkeypatch):
    import tasks

    builds = []
    monkeypatch.setattr(Pelican, "run", lambda pelican: builds.append(pelican))
    monkeypatch.chdir(ROOT)
    for name, value in DEMO_ENV.items():
        monkeypatch.setenv(name, value)
    tasks.portfolio_export.body(None, student="grade-3b/leo", output=str(tmp_path / "exports"))
    assert builds == []
    index = tmp_path / "exports" / "grade-3b-leo" / "index.html"
    digest = hashlib.sha256(index.read_bytes()).hexdigest()
    assert digest == DEMO_EXPORTS["grade-3b/leo"]


def test_the_export_makes_only_that_childs_photos(tmp_path, monkeypatch):
    import tasks
    from homeroom_portfolio.export import export_portfolio
    from homeroom_portfolio.policy import student_photos
    from homeroom_school.reading.loading import load_school

    monkeypatch.chdir(ROOT)
    for name, value in DEMO_ENV.items():
        monkeypatch.setenv(name, value)
    cache = tmp_path / "cache"
    settings = tasks.pelican_settings(
        tasks.DEV_SETTINGS, "content", "output", CACHE_PATH=str(cache)
    )
    config = tasks.task_config(settings)
    export_portfolio(settings, config, "grade-3b/ana", tmp_path / "ana")
    school = load_school(config)
    ana = {use.source for use in student_photos(school, school.students["grade-3b/ana"])}
    every = {use.source for use in school.photos.values()}
    assert 0 < len(ana) < len(every)
    assert len(list((cache / "homeroom-photos").iterdir())) == len(ana)
